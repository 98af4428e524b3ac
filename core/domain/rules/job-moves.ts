import { canTransition, type Job, type JobStatus } from "../job.ts";
import type { Effect, JobPatch, MoveJob } from "./effects.ts";

/**
 * The job state machine, enforced on every move by both stores: a rule that asks for a move the
 * machine does not allow is a bug, so this throws and the store's transaction rolls back.
 * pending -> pending (a no-op move) is allowed; it changes only the patch.
 */
export function checkMove(jobId: string, from: JobStatus, to: JobStatus): void {
  if (from !== to && !canTransition(from, to)) throw new Error(`job ${jobId}: ${from} -> ${to} is not a transition`);
}

/** A checked move of `job` to `to`, setting `patch`. */
export function moveJob(job: Pick<Job, "id" | "workspaceId" | "memberId" | "status">, to: JobStatus, patch: JobPatch): MoveJob {
  checkMove(job.id, job.status, to);
  return { type: "moveJob", jobId: job.id, workspaceId: job.workspaceId, memberId: job.memberId, from: job.status, to, patch };
}

/** Only the worker holding a job's lease may complete, fail, release or heartbeat it; one that lost it changes nothing. */
export function isLeasedBy(job: Pick<Job, "status" | "leaseOwner">, workerId: string): boolean {
  return job.status === "processing" && job.leaseOwner === workerId;
}

/**
 * The job as a store holds it after `effects` were applied to `job` (its moves, in order), so a
 * store can answer a write without reading the row back. Only moves change a job row; a rule
 * whose effects also touch the row otherwise (clearInputImage) must not be answered this way.
 */
export function jobAfterMoves(job: Job, effects: readonly Effect[]): Job {
  let after = job;
  for (const effect of effects) {
    if (effect.type === "clearInputImage" && effect.jobId === job.id) throw new Error("jobAfterMoves: the row changed beyond a move; read it back");
    if (effect.type === "moveJob" && effect.jobId === job.id) after = { ...after, ...effect.patch, status: effect.to };
  }
  return after;
}
