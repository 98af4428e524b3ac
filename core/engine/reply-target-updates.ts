import type { ReplyTarget } from "../domain/job.ts";
import { engineOptions, type Engine } from "./engine.ts";

/**
 * For front ends that learn where their reply lives only after posting it (Slack's message
 * ts): records the target, then redelivers when the job already moved on, because a delivery
 * made before the target was recorded had nowhere to go. The status comes from the write itself
 * (one transaction): a state change after it reads the job after this write, so nothing is
 * missed either way.
 */
export async function attachReplyTarget(engine: Engine, jobId: string, target: ReplyTarget): Promise<void> {
  const status = await engineOptions(engine).store.jobs.setReplyTarget(jobId, target);
  if (status !== null && status !== "pending") await engine.delivery.deliver(jobId);
}

/** A notifier records what it did to the reply (files it uploaded), so no delivery repeats it. */
export async function recordReplyTarget(engine: Engine, jobId: string, target: ReplyTarget): Promise<void> {
  await engineOptions(engine).store.jobs.setReplyTarget(jobId, target);
}
