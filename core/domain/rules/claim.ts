import type { Job } from "../job.ts";
import type { ProviderId } from "../models.ts";
import type { PlanId } from "../plans.ts";
import type { Effect } from "./effects.ts";
import { moveJob } from "./job-moves.ts";

/**
 * Claim choice, the same on both stores: workspaces with pending work are visited least
 * recently served first (never served first of all, then by workspace id); within one, the
 * oldest pending job (FIFO by seq) that is runnable goes. A claim answers null only when no
 * pending job anywhere is runnable. Stores read candidates in windows of at most this size, so
 * one read stays small however long the queue is; Convex resumes in a further transaction where
 * a window held nothing runnable (convex/model/claim.ts), SQLite pages on in the same one and
 * plans a whole batch of leases from one pass (planClaims).
 */
export const CLAIM_WINDOW = { workspaces: 8, jobsPerWorkspace: 16 } as const;

export interface ClaimRules {
  now: number;
  providers: readonly ProviderId[];
  /** The per-member running cap of the workspace's plan. */
  cap: number;
}

/** A pending job can run now: its backoff is over, this worker has its provider, its member is under the cap. */
export function isRunnable(job: Pick<Job, "nextRunAt" | "provider">, memberRunning: number, rules: ClaimRules): boolean {
  return job.nextRunAt <= rules.now && rules.providers.includes(job.provider) && memberRunning < rules.cap;
}

/** The first runnable job of one workspace's pending jobs, given oldest first; null when none is. */
export function firstRunnable<J extends Pick<Job, "memberId" | "nextRunAt" | "provider">>(
  jobs: readonly J[],
  runningOf: (memberId: string) => number,
  rules: ClaimRules,
): J | null {
  return jobs.find((job) => isRunnable(job, runningOf(job.memberId), rules)) ?? null;
}

/** pending -> processing under `workerId`'s lease; the attempt counts now (release gives it back). */
export function leaseJob(job: Pick<Job, "id" | "workspaceId" | "memberId" | "status" | "attempts" | "startedAt">, lease: { workerId: string; now: number; leaseMs: number }): Effect[] {
  return [
    moveJob(job, "processing", {
      attempts: job.attempts + 1,
      leaseOwner: lease.workerId,
      leaseExpiresAt: lease.now + lease.leaseMs,
      startedAt: job.startedAt ?? lease.now,
    }),
  ];
}

/** A workspace with pending work, as a claim reads it. */
export interface ClaimWorkspace {
  id: string;
  plan: PlanId;
  /** Its pending jobs (the store's tally): a workspace leaves the order when the batch takes its last one. */
  pendingJobs: number;
}

/** What planClaims needs of a pending job: enough to choose it, then to lease it (leaseJob). */
export type ClaimCandidate = Pick<Job, "id" | "seq" | "workspaceId" | "memberId" | "status" | "provider" | "nextRunAt" | "attempts" | "startedAt">;

/**
 * The store's queue as one batch sees it, read a window at a time and only as far as the batch
 * needs. Every answer comes from the queue as it was when the batch began: the store writes the
 * leases after planning.
 */
export interface ClaimQueue<J extends ClaimCandidate> {
  /** Workspaces with pending jobs in claim order (least recently served first, never served first of all, then by id). */
  workspaces(offset: number, limit: number): readonly ClaimWorkspace[];
  /** Running (processing) jobs per member of one workspace. */
  running(workspaceId: string): Iterable<readonly [string, number]>;
  /** One workspace's pending jobs with seq > afterSeq, oldest first. */
  pending(workspaceId: string, afterSeq: number, limit: number): readonly J[];
}

export interface ClaimBatch {
  now: number;
  /** Free slots per provider: a provider is claimed for while its count is positive. */
  slots: Partial<Record<ProviderId, number>>;
  /** At most this many leases. */
  limit: number;
  /** The per-member running cap of a plan. */
  cap: (plan: PlanId) => number;
}

/** One workspace's place in the batch: what has been read of it, and what the batch took. */
interface Turn<J> {
  workspace: ClaimWorkspace;
  cap: number;
  pendingJobs: number;
  running: Map<string, number> | null;
  /** Pending jobs read so far and not leased, oldest first. */
  jobs: J[];
  afterSeq: number;
  /** Pending jobs read so far, leased or not. */
  read: number;
  /** More pending jobs may follow `jobs` in the store. */
  more: boolean;
}

/**
 * The leases of a batch claim, in order: exactly the jobs that `limit` single claims, one after
 * the other, would take (each with providers = those with a free slot left). It reads the
 * workspace order, a workspace's running counts and its pending window once and keeps them for
 * the batch: a lease adds one to its member's running count, and the served workspace moves to
 * the back of the order, as the round stamp of a single claim moves it (a round is newer than
 * any stamp in the store). The k-th lease is the workspace's round (servedRounds). Within a
 * batch a job can only become less runnable (providers lose slots, running counts grow, `now`
 * stands still), so a workspace found with nothing runnable is dropped for the rest of it.
 */
export function planClaims<J extends ClaimCandidate>(queue: ClaimQueue<J>, batch: ClaimBatch): J[] {
  const free = new Map(Object.entries(batch.slots).filter(([, n]) => (n ?? 0) > 0) as [ProviderId, number][]);
  /** Read from the store and not served by this batch, in the store's order. */
  const fresh: Turn<J>[] = [];
  /** Served by this batch (so behind every fresh one, even those not read yet), least recently served first. */
  const served: Turn<J>[] = [];
  let read = 0;
  let readAll = false;
  const readWorkspaces = () => {
    const size = firstRead(read, CLAIM_WINDOW.workspaces);
    const page = queue.workspaces(read, size);
    read += page.length;
    readAll = page.length < size;
    for (const workspace of page) {
      fresh.push({ workspace, cap: batch.cap(workspace.plan), pendingJobs: workspace.pendingJobs, running: null, jobs: [], afterSeq: -1, read: 0, more: true });
    }
  };

  const leased: J[] = [];
  /**
   * How many rows a read asks for: a window, except that a first read asks for no more than the
   * leases still wanted, as the head of the queue is usually runnable (a batch of one reads one
   * workspace and one job). When that read holds nothing runnable, the next reads whole windows.
   */
  const firstRead = (readSoFar: number, window: number) => {
    if (readSoFar > 0) return window;
    let wanted = batch.limit - leased.length;
    let slots = 0;
    for (const n of free.values()) slots += n;
    wanted = Math.min(wanted, slots);
    return Math.max(1, Math.min(window, wanted));
  };
  while (free.size > 0 && leased.length < batch.limit) {
    const rules = { now: batch.now, providers: [...free.keys()] };
    const found = nextIn(fresh, rules, true) ?? nextIn(served, rules, false);
    if (!found) break;
    const { turn, job } = found;
    turn.jobs.splice(turn.jobs.indexOf(job), 1);
    const running = runningIn(turn);
    running.set(job.memberId, (running.get(job.memberId) ?? 0) + 1);
    if (--turn.pendingJobs > 0) served.push(turn);
    leased.push(job);
    const left = free.get(job.provider)! - 1;
    if (left > 0) free.set(job.provider, left);
    else free.delete(job.provider);
  }
  return leased;

  /**
   * The first of `turns` with a runnable job, taken out of `turns` (the caller puts it back at
   * the end of `served`); turns with nothing runnable are dropped. `fromStore`: `turns` goes on
   * with the workspaces not read yet.
   */
  function nextIn(turns: Turn<J>[], rules: Omit<ClaimRules, "cap">, fromStore: boolean): { turn: Turn<J>; job: J } | null {
    for (;;) {
      while (turns.length > 0) {
        const turn = turns.shift()!;
        const job = runnableIn(turn, { ...rules, cap: turn.cap });
        if (job) return { turn, job };
      }
      if (!fromStore || readAll) return null;
      readWorkspaces();
    }
  }

  function runningIn(turn: Turn<J>): Map<string, number> {
    return (turn.running ??= new Map(queue.running(turn.workspace.id)));
  }

  /** The workspace's first runnable job, reading its next window only when those read hold none. */
  function runnableIn(turn: Turn<J>, rules: ClaimRules): J | null {
    const runningOf = (memberId: string) => runningIn(turn).get(memberId) ?? 0;
    let job = firstRunnable(turn.jobs, runningOf, rules);
    while (!job && turn.more) {
      const size = firstRead(turn.read, CLAIM_WINDOW.jobsPerWorkspace);
      const page = queue.pending(turn.workspace.id, turn.afterSeq, size);
      turn.read += page.length;
      turn.more = page.length === size;
      if (page.length > 0) turn.afterSeq = page[page.length - 1]!.seq;
      turn.jobs.push(...page);
      job = firstRunnable(page, runningOf, rules);
    }
    return job;
  }
}

/**
 * The round each workspace a batch served is stamped with (its last_served_seq): the k-th lease
 * (k from 0) is round `firstRound + k`, so every lease has its own round, as single claims each
 * take one, and a workspace served twice keeps the later.
 */
export function servedRounds(leased: readonly Pick<Job, "workspaceId">[], firstRound: number): Map<string, number> {
  const rounds = new Map<string, number>();
  leased.forEach((job, k) => rounds.set(job.workspaceId, firstRound + k));
  return rounds;
}
