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
  /**
   * Set when this delivery only refreshes a waiting job's queue position (nothing else changed):
   * a reply that can be edited only a few times (Slack's response_url: five uses in 30 minutes)
   * should skip it and keep its uses for real state changes.
   */
  positionUpdate?: boolean;
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
