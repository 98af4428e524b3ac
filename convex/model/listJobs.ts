import type { Job, JobStatus } from "../../core/domain/job.ts";
import type { QueryCtx } from "../_generated/server.js";
import { toJob } from "./mappers.ts";

/** Newest first (highest seq), through the index that matches the filter (no post-filtering, so `limit` reads `limit` rows). */
export async function listJobs(
  ctx: QueryCtx,
  filter: { workspaceId: string; userId?: string; status?: JobStatus; limit: number },
): Promise<Job[]> {
  const { workspaceId, userId, status, limit } = filter;
  const jobs = ctx.db.query("generationJobs");
  const query =
    userId !== undefined && status !== undefined
      ? jobs.withIndex("by_workspace_user_status_seq", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId).eq("status", status))
      : userId !== undefined
        ? jobs.withIndex("by_workspace_user_seq", (q) => q.eq("workspaceId", workspaceId).eq("userId", userId))
        : status !== undefined
          ? jobs.withIndex("by_workspace_status_seq", (q) => q.eq("workspaceId", workspaceId).eq("status", status))
          : jobs.withIndex("by_workspace_seq", (q) => q.eq("workspaceId", workspaceId));
  return (await query.order("desc").take(limit)).map(toJob);
}
