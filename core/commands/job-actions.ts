import type { JobView } from "../ports/notifier.ts";

/** The buttons under a job's message, the same on every platform. */
export const JOB_ACTIONS = ["regenerate", "variations", "save", "details", "delete", "cancel"] as const;
export type JobAction = (typeof JOB_ACTIONS)[number];

/** Which buttons a job's current state offers (a queued job can only be cancelled). */
export function actionsFor(view: JobView): JobAction[] {
  switch (view.job.status) {
    case "pending":
      return ["cancel"];
    case "processing":
      return [];
    case "completed":
      return view.images.length ? ["regenerate", "variations", "save", "details", "delete"] : ["regenerate", "details"];
    case "failed":
    case "cancelled":
      return ["regenerate", "details"];
  }
}
