import type { Store } from "../ports/store.ts";
import { qualifiedUserId, type Actor, type ResolvedActor } from "./actor.ts";
import type { EngineOptions } from "./engine-options.ts";

/** Finds or creates the actor's workspace, user and membership. */
export async function resolveActor(
  store: Store,
  options: Pick<EngineOptions, "defaultPlan" | "adminUserIds">,
  actor: Actor,
  now: number,
): Promise<ResolvedActor> {
  const workspace = await store.workspaces.ensure({
    platform: actor.platform,
    externalId: actor.workspaceExternalId,
    name: actor.workspaceName,
    plan: options.defaultPlan,
    now,
  });
  const operator = options.adminUserIds.includes(qualifiedUserId(actor));
  const { user, member } = await store.workspaces.ensureMember({
    workspaceId: workspace.id,
    platform: actor.platform,
    externalUserId: actor.userExternalId,
    displayName: actor.userName,
    role: actor.platformAdmin || operator ? "admin" : "member",
    now,
  });
  return { workspace, user, member, isAdmin: member.role === "admin" || actor.platformAdmin || operator };
}
