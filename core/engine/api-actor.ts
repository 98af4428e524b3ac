import type { ApiKey } from "../ports/store.ts";
import type { Actor } from "./actor.ts";
import { engineOptions, type Engine } from "./engine.ts";

/**
 * The Actor a REST request with `key` acts as: the key's creator in the key's workspace, so
 * its jobs charge that workspace's ledger and count against the creator's caps and usage.
 * Null when the workspace or the membership is gone (the key is then as good as revoked).
 */
export async function apiKeyActor(engine: Engine, key: ApiKey): Promise<Actor | null> {
  const { workspaces } = engineOptions(engine).store;
  const [workspace, member] = await Promise.all([workspaces.get(key.workspaceId), workspaces.getMember(key.workspaceId, key.userId)]);
  if (!workspace || !member) return null;
  return {
    platform: workspace.platform,
    workspaceExternalId: workspace.externalId,
    workspaceName: workspace.name,
    // A label only: with userId set, no platform identity is looked up.
    userExternalId: `apikey:${key.id}`,
    userName: key.name,
    platformAdmin: false,
    userId: key.userId,
  };
}
