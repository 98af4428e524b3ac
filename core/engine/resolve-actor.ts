import { CodedError } from "../domain/errors.ts";
import type { Workspace } from "../domain/workspace.ts";
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
  if (actor.userId) return knownMember(store, workspace, actor.userId);
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

/** A member known by user id (an API key's creator); their role is whatever the store says. */
async function knownMember(store: Store, workspace: Workspace, userId: string): Promise<ResolvedActor> {
  const [user, member] = await Promise.all([store.workspaces.getUser(userId), store.workspaces.getMember(workspace.id, userId)]);
  // Callers check membership before acting for someone by id, so this is a broken invariant.
  if (!user || !member) throw new CodedError("ACTOR_UNKNOWN", `user ${userId} is not a member of workspace ${workspace.id}`);
  return { workspace, user, member, isAdmin: member.role === "admin" };
}
