import type { ResolvedActor } from "./actor.ts";
import type { Actor } from "./actor.ts";

interface Entry {
  /** The workspace's actor revision read before the entry's rows were (store.workspaces.actorRevision). */
  revision: number;
  resolved: ResolvedActor;
  /** When the entry was made (the caller's clock). */
  at: number;
}

/**
 * How long an entry is trusted at most, whatever the revision says: a write that bypassed the
 * store's revision (an operator editing Convex data in its dashboard, which runs no trigger) is
 * seen within this long. A known member's full resolution once a minute costs nothing to speak of.
 */
export const ACTOR_CACHE_MAX_AGE_MS = 60_000;

/**
 * Resolved actors of this process, keyed by platform ids, so a known member's request costs one
 * small store read (the workspace's actor revision) instead of finding the workspace, the user
 * and the membership again, and a submit costs none: it sends the entry's revision with the job
 * and the store checks it in the submit's own transaction (NewJob.actorRevision). An entry is
 * used only while the store's revision still equals the one read before the entry's rows; the
 * store moves that revision with every change to what an entry holds, from any process (SQLite:
 * triggers, migration 5; Convex: model/actorRevision.ts), so a ban, a role or a settings change
 * is seen on the next request. Nothing that moves with every job is trusted from an entry:
 * commands get balance and storage used fresh with the revision, and a submit's own reads
 * decide on balance and storage.
 *
 * Entries are frozen: a caller that tried to change a shared actor would throw, not corrupt
 * another request's view. Bounded in number (the oldest entry goes first) and in age
 * (ACTOR_CACHE_MAX_AGE_MS).
 */
export class ActorCache {
  readonly #entries = new Map<string, Entry>();
  readonly #max: number;
  readonly #maxAgeMs: number;

  constructor(max = 10_000, maxAgeMs = ACTOR_CACHE_MAX_AGE_MS) {
    this.#max = max;
    this.#maxAgeMs = maxAgeMs;
  }

  /** The entry, unless it is older than the maximum age at `now`. */
  get(actor: Actor, now: number): Entry | undefined {
    const entry = this.#entries.get(actorKey(actor));
    return entry && now - entry.at <= this.#maxAgeMs ? entry : undefined;
  }

  set(actor: Actor, revision: number, resolved: ResolvedActor, now: number): void {
    const key = actorKey(actor);
    this.#entries.delete(key);
    if (this.#entries.size >= this.#max) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(key, { revision, resolved: deepFreeze(resolved), at: now });
  }

  delete(actor: Actor): void {
    this.#entries.delete(actorKey(actor));
  }

  get size(): number {
    return this.#entries.size;
  }
}

function actorKey(actor: Actor): string {
  return `${actor.platform}\u0000${actor.workspaceExternalId}\u0000${actor.userExternalId}`;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
