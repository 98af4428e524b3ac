import type { Actor } from "../engine/actor.ts";
import type { Engine } from "../engine/engine.ts";
import { issueLinkCode, linkStatus, redeemLinkCode, unlinkWorkspace } from "../engine/workspace-links.ts";
import { issuedCodeText, linkedText, linkStatusText, unlinkedText, unlinkPreviewText } from "./link-text.ts";
import type { OptionValues } from "./parse-text-command.ts";

/**
 * /link for every front end: with a code, this workspace joins the pool of the workspace that
 * issued it; without, the answer is the link's state, or a new code when there is none. The
 * answer holds a code, so front ends send it privately.
 */
export async function linkCommand(engine: Engine, actor: Actor, options: OptionValues): Promise<string> {
  const typed = typeof options.code === "string" ? options.code.trim() : "";
  if (typed) {
    const linked = await redeemLinkCode(engine, actor, typed);
    return linked.ok ? linkedText(linked.value) : linked.error.message;
  }
  const state = await linkStatus(engine, actor);
  if (state) return `${linkStatusText(state)}\n/unlink ends it.`;
  const issued = await issueLinkCode(engine, actor);
  return issued.ok ? issuedCodeText(issued.value, engine.now()) : issued.error.message;
}

/** /unlink: without confirmation it says what each side would keep; `confirm` is how this front end confirms. */
export async function unlinkCommand(engine: Engine, actor: Actor, options: OptionValues, confirm: string): Promise<string> {
  if (options.confirm !== true) {
    const state = await linkStatus(engine, actor);
    return state ? unlinkPreviewText(state, confirm) : "This workspace does not share a credit pool. /link starts one.";
  }
  const ended = await unlinkWorkspace(engine, actor);
  return ended.ok ? unlinkedText(ended.value) : ended.error.message;
}
