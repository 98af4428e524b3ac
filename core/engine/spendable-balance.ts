import type { Workspace } from "../domain/workspace.ts";
import type { Store } from "../ports/store.ts";

/**
 * The balance a workspace spends from, for checks the engine makes before the store's own
 * transaction decides (a describe's pre-check): its pool owner's while it has joined a pool
 * (rules/link.ts), else its own.
 */
export async function spendableBalance(store: Store, workspace: Workspace): Promise<number> {
  const link = await store.links.active(workspace.id);
  if (!link || link.joinerWorkspaceId !== workspace.id) return workspace.balance;
  return (await store.workspaces.get(link.ownerWorkspaceId))?.balance ?? 0;
}
