import { z } from "zod";
import { DEFAULT_BLOCK_WORDS } from "../../../core/domain/block-list.ts";
import { CodedError } from "../../../core/domain/errors.ts";
import type { AdminCommand } from "../admin-command.ts";
import { workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";

/**
 * Edits the workspace's block list. A workspace on the built-in list (blockWords null) gets its
 * own copy of it first, so adding a word never drops the defaults. Matching is case-insensitive,
 * so are these edits; adding a listed word or removing an unlisted one changes nothing.
 */
export const blockWords: AdminCommand<{ workspace: string; action: "add" | "remove"; word: string }> = {
  name: "block-words",
  usage: "<workspace> add|remove <word or phrase>",
  summary: "Add a word to a workspace's prompt block list, or remove one",
  positionals: ["workspace", "action", "word"],
  schema: z.strictObject({
    workspace: workspaceRef,
    action: z.enum(["add", "remove"], { error: "expected add or remove" }),
    word: z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters"),
  }),
  async run(ctx, args) {
    const store = await ctx.store();
    const workspace = await findWorkspace(store, args.workspace);
    const current = workspace.settings.blockWords ?? [...DEFAULT_BLOCK_WORDS];
    const same = (w: string) => w.toLowerCase() === args.word.toLowerCase();
    const listed = current.some(same);
    const next = args.action === "add" ? (listed ? current : [...current, args.word]) : current.filter((w) => !same(w));
    const changed = next.length !== current.length;
    let words = current;
    if (changed) {
      const updated = await store.workspaces.updateSettings(workspace.id, { blockWords: next }, ctx.clock.now());
      if (!updated) throw new CodedError("NOT_FOUND", `Workspace ${workspace.id} disappeared.`);
      words = updated.settings.blockWords ?? [];
    }
    const what = changed ? `${args.action === "add" ? "Added" : "Removed"} "${args.word}".` : `"${args.word}" was ${listed ? "already" : "not"} on the list.`;
    return { text: `${what} ${workspace.name} blocks: ${words.join(", ") || "nothing"}`, json: { workspaceId: workspace.id, changed, blockWords: words } };
  },
};
