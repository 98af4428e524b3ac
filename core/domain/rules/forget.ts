import type { ForgetRefusal, UserFootprint } from "../../ports/store-admin.ts";
import { FORGOTTEN_PROMPT, FORGOTTEN_USER_ID } from "../forgotten-user.ts";
import type { Job } from "../job.ts";
import { USAGE_COUNTED, type UsageDay } from "../usage.ts";
import type { Effect, UsageDelta } from "./effects.ts";

/**
 * What forgetting a person does, the same on both stores (core/domain/forgotten-user.ts says
 * why). Deleted: identities, memberships, API keys, personal collections, images (with their
 * links), the user row. Re-pointed at the tombstone user: jobs (without prompt, negative prompt
 * or reply target, under the tombstone's membership of the workspace), every ledger row that
 * names the person, every collection link the person added to someone else's image, and daily
 * usage (added to the tombstone's row of the same workspace and day). Removed from every
 * collaborator list. Nothing happens while a job of theirs is queued or generating.
 */
export function refuseJobsInFlight(footprint: Pick<UserFootprint, "pendingJobIds" | "processingJobIds">): ForgetRefusal | null {
  const jobIds = [...footprint.pendingJobIds, ...footprint.processingJobIds];
  if (jobIds.length === 0) return null;
  const what =
    footprint.pendingJobIds.length > 0 ? `${jobIds.length} job(s) are still queued or generating` : `${jobIds.length} image job(s) are generating right now`;
  return { code: "JOBS_IN_FLIGHT", message: `${what}; try again once they finish.`, details: { jobIds } };
}

/** A forgotten person's job keeps its numbers, not their words or reply messages (the store adds the tombstone member). */
export const FORGOTTEN_JOB: Pick<Job, "userId" | "prompt" | "negativePrompt" | "replyTarget"> = {
  userId: FORGOTTEN_USER_ID,
  prompt: FORGOTTEN_PROMPT,
  negativePrompt: null,
  replyTarget: null,
};

/** The person's daily usage rows, added to the tombstone's (the store deletes the person's rows). */
export function mergeUsageIntoTombstone(rows: readonly UsageDay[]): Effect[] {
  return rows.flatMap((row): Effect[] => {
    const at = { type: "usage", workspaceId: row.workspaceId, userId: FORGOTTEN_USER_ID, date: row.date } as const;
    const counts: UsageDelta = {};
    for (const counted of USAGE_COUNTED) counts[counted] = row[counted];
    return [{ ...at, delta: counts }, ...Object.entries(row.models).map(([id, images]): Effect => ({ ...at, delta: { model: { id, images } } }))];
  });
}
