import type { ReplyTarget } from "../domain/job.ts";
import { engineOptions, type Engine } from "./engine.ts";

/**
 * For front ends that learn where their reply lives only after posting it (Slack's message
 * ts): records the target, then redelivers when the job already moved on, because a delivery
 * made before the target was recorded had nowhere to go. A state change after the check reads
 * the job after this write, so nothing is missed either way.
 */
export async function attachReplyTarget(engine: Engine, jobId: string, target: ReplyTarget): Promise<void> {
  const { store } = engineOptions(engine);
  await store.jobs.setReplyTarget(jobId, target);
  const job = await store.jobs.get(jobId);
  if (job && job.status !== "pending") await engine.delivery.deliver(jobId);
}

/** A notifier records what it did to the reply (files it uploaded), so no delivery repeats it. */
export async function recordReplyTarget(engine: Engine, jobId: string, target: ReplyTarget): Promise<void> {
  await engineOptions(engine).store.jobs.setReplyTarget(jobId, target);
}
