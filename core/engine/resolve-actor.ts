import { CodedError } from "../domain/errors.ts";
import type { Workspace } from "../domain/workspace.ts";
import type { Store } from "../ports/store.ts";
import { qualifiedUserId, type Actor, type ResolvedActor } from "./actor.ts";
import type { ActorCache } from "./actor-cache.ts";
import type { EngineOptions } from "./engine-options.ts";

type ResolveOptions = Pick<EngineOptions, "defaultPlan" | "adminUserIds">;

/**
 * Finds or creates the actor's workspace, user and membership. With a cache (and a store that
 * reports actor revisions) a known member costs one small read: see actor-cache.ts.
 */
export async function resolveActor(store: Store, options: ResolveOptions, actor: Actor, now: number, cache?: ActorCache): Promise<ResolvedActor> {
  return (await resolveChecked(store, options, actor, now, cache, true)).resolved;
}

/**
 * For a submit, which checks the revision itself in its own transaction (NewJob.actorRevision):
 * a cached member costs no store call at all, and is answered with the revision its entry was
 * made at. Its balance and storage used are as of that entry: the submit's own reads are the
 * ones that count. Without a cache (or a store without revisions) this is resolveActor, and
 * `revision` is absent.
 */
export function resolveActorUnchecked(
  store: Store,
  options: ResolveOptions,
  actor: Actor,
  now: number,
  cache?: ActorCache,
): Promise<{ resolved: ResolvedActor; revision?: number }> {
  return resolveChecked(store, options, actor, now, cache, false);
}

async function resolveChecked(
  store: Store,
  options: ResolveOptions,
  actor: Actor,
  now: number,
  cache: ActorCache | undefined,
  check: boolean,
): Promise<{ resolved: ResolvedActor; revision?: number }> {
  const revisionOf = store.workspaces.actorRevision?.bind(store.workspaces);
  if (!cache || !revisionOf || actor.userId) return { resolved: await resolveFromStore(store, options, actor, now) };
  const raisesRole = actor.platformAdmin || isOperator(options, actor);
  const cached = cache.get(actor, now);
  // A platform admin whose membership still says "member" takes the store path, which raises it.
  if (cached && (!raisesRole || cached.resolved.member.role === "admin")) {
    const { workspace, user, member } = cached.resolved;
    const isAdmin = member.role === "admin" || raisesRole;
    if (!check) return { resolved: { workspace, user, member, isAdmin }, revision: cached.revision };
    const current = await revisionOf(workspace.id);
    if (current && current.revision === cached.revision) {
      return {
        resolved: {
          workspace: { ...workspace, balance: current.balance, storageUsedBytes: current.storageUsedBytes, updatedAt: current.updatedAt },
          user,
          member,
          isAdmin,
        },
        revision: current.revision,
      };
    }
  }
  if (cached) cache.delete(actor);
  const found = await ensureWorkspace(store, options, actor, now);
  // The revision is read before the rows that are cached under it: a change made after this
  // read moves the revision past it, so the entry cannot outlive a change it missed.
  const revision = await revisionOf(found.id);
  const workspace = (await store.workspaces.get(found.id)) ?? found;
  const resolved = await resolveMember(store, options, actor, workspace, now);
  if (!revision) return { resolved };
  cache.set(actor, revision.revision, resolved, now);
  return { resolved, revision: revision.revision };
}

async function resolveFromStore(store: Store, options: ResolveOptions, actor: Actor, now: number): Promise<ResolvedActor> {
  const workspace = await ensureWorkspace(store, options, actor, now);
  if (actor.userId) return knownMember(store, workspace, actor.userId);
  return resolveMember(store, options, actor, workspace, now);
}

function ensureWorkspace(store: Store, options: ResolveOptions, actor: Actor, now: number): Promise<Workspace> {
  return store.workspaces.ensure({
    platform: actor.platform,
    externalId: actor.workspaceExternalId,
    name: actor.workspaceName,
    plan: options.defaultPlan,
    now,
  });
}

async function resolveMember(store: Store, options: ResolveOptions, actor: Actor, workspace: Workspace, now: number): Promise<ResolvedActor> {
  const operator = isOperator(options, actor);
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

function isOperator(options: ResolveOptions, actor: Actor): boolean {
  return options.adminUserIds.includes(qualifiedUserId(actor));
}

/** A member known by user id (an API key's creator); their role is whatever the store says. */
async function knownMember(store: Store, workspace: Workspace, userId: string): Promise<ResolvedActor> {
  const [user, member] = await Promise.all([store.workspaces.getUser(userId), store.workspaces.getMember(workspace.id, userId)]);
  // Callers check membership before acting for someone by id, so this is a broken invariant.
  if (!user || !member) throw new CodedError("ACTOR_UNKNOWN", `user ${userId} is not a member of workspace ${workspace.id}`);
  return { workspace, user, member, isAdmin: member.role === "admin" };
}
