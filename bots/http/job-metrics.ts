import { Counter, Histogram, type Registry } from "prom-client";
import { isTerminal } from "../../core/domain/job.ts";
import type { Delivery } from "../../core/engine/delivery.ts";
import type { JobView } from "../../core/ports/notifier.ts";

/**
 * Jobs remembered for de-duplication. A delivery repeats a state (a retried notifier, a second
 * process delivering the same job), and each state must count once; past this many jobs the
 * oldest are forgotten, so a repeat arriving after ten thousand newer jobs would count twice.
 */
const REMEMBERED_JOBS = 10_000;

/**
 * Counts what the engine delivers: every job state once per job and attempt, and, when a job
 * ends, its latencies and credits. Fed by `delivery.events`, so a process counts the jobs it
 * delivers (its workers' jobs, its own cancels); Prometheus sums the processes.
 */
export function recordJobMetrics(registry: Registry, events: Delivery["events"]): { stop(): void } {
  const jobs = new Counter({
    name: "pixorly_jobs_total",
    help: "Jobs entering each status (a retried job counts once per attempt).",
    labelNames: ["status"] as const,
    registers: [registry],
  });
  const jobSeconds = new Histogram({
    name: "pixorly_job_duration_seconds",
    help: "Completed jobs: from submission to completion, queueing included.",
    labelNames: ["provider"] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const providerSeconds = new Histogram({
    name: "pixorly_provider_duration_seconds",
    help: "Completed jobs: time spent in the image provider's call.",
    labelNames: ["provider"] as const,
    buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
    registers: [registry],
  });
  const charged = new Counter({ name: "pixorly_credits_charged_total", help: "Credits charged for jobs that ended.", registers: [registry] });
  const refunded = new Counter({ name: "pixorly_credits_refunded_total", help: "Credits refunded for jobs that ended.", registers: [registry] });

  const seen = new Map<string, Set<string>>();
  const firstTime = (view: JobView): boolean => {
    const { id, status, attempts } = view.job;
    const state = `${status}:${attempts}`;
    const states = seen.get(id) ?? new Set<string>();
    if (states.has(state)) return false;
    states.add(state);
    // Re-inserting moves the job to the newest end, so eviction drops the least recent.
    seen.delete(id);
    seen.set(id, states);
    if (seen.size > REMEMBERED_JOBS) seen.delete(seen.keys().next().value!);
    return true;
  };

  const onJob = (view: JobView) => {
    if (!firstTime(view)) return;
    const { job } = view;
    jobs.inc({ status: job.status });
    if (!isTerminal(job.status)) return;
    // Charge and refund are counted together when the job ends, so they always add up.
    charged.inc(job.creditsCharged);
    refunded.inc(job.creditsRefunded);
    if (job.status !== "completed") return;
    if (job.finishedAt !== null) jobSeconds.observe({ provider: job.provider }, (job.finishedAt - job.createdAt) / 1000);
    if (job.providerMs !== null) providerSeconds.observe({ provider: job.provider }, job.providerMs / 1000);
  };

  events.on("job", onJob);
  return { stop: () => events.off("job", onJob) };
}
