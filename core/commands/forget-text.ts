import type { ForgetReport } from "../engine/forget-user.ts";

/** What /forget-me says before it does anything; `confirm` is how this front end confirms. */
export function forgetConfirmText(confirm: string): string {
  return [
    "This deletes everything Pixorly keeps about you, in every workspace: your images, API keys,",
    "memberships and the link to this account. Credits you spent stay in the workspaces' ledgers",
    `without your name, and your queued jobs are cancelled. It cannot be undone. To go ahead: ${confirm}`,
  ].join("\n");
}

export function forgottenText(report: ForgetReport): string {
  return [
    `Done: Pixorly has forgotten you. Deleted ${report.images} image(s), ${report.apiKeys} API key(s), ${report.collections} collection(s)`,
    `and ${report.memberships} membership(s); ${report.jobs} job(s) no longer carry your name or prompts.`,
    "Using Pixorly again starts a new, empty account.",
  ].join("\n");
}
