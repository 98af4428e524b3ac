import type { Image } from "../domain/image.ts";
import type { Job } from "../domain/job.ts";

/** Everything a front end needs to render a job's current state. */
export interface JobView {
  job: Job;
  images: Image[];
  /** 1-based place in the queue while pending; null otherwise. */
  position: number | null;
  /** Set while the provider's circuit is open and the job waits instead of failing. */
  degraded?: boolean;
}

/**
 * Renders a job's current state into its reply target (edits a Discord message, updates a
 * Slack message, prints a console line). Delivery re-renders from the view, so delivering the
 * same state twice is harmless, and any process can deliver any job.
 */
export interface Notifier {
  /** Matches ReplyTarget.platform. */
  readonly platform: string;
  deliver(view: JobView): Promise<void>;
}
