import type { types } from "@slack/bolt";
import { LIMITS, truncate } from "./limits.ts";

/**
 * A modal that only says something: "Loading…" while the real form is fetched (a
 * trigger_id lives 3 seconds, so the modal opens first and is filled by views.update), a
 * refusal, or the outcome of a slow save. plain_text: whatever it quotes stays inert.
 */
export function messageModal(text: string, title = "Pixorly settings"): types.ModalView {
  return {
    type: "modal",
    title: { type: "plain_text", text: title },
    close: { type: "plain_text", text: "Close" },
    blocks: [{ type: "section", text: { type: "plain_text", text: truncate(text, LIMITS.sectionText), emoji: false } }],
  };
}
