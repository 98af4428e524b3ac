import { err, ok, type Result } from "../domain/result.ts";
import { refuseJobsInFlight } from "../domain/rules/forget.ts";
import type { Platform } from "../domain/workspace.ts";
import type { Clock } from "../ports/clock.ts";
import type { ObjectStorage } from "../ports/object-storage.ts";
import { adminOf, type ForgetRefusal, type ForgetSummary } from "../ports/store-admin.ts";
import type { Store } from "../ports/store.ts";

export interface ForgetDeps {
  store: Store;
  storage: ObjectStorage;
  clock: Clock;
}

export interface ForgetReport extends Omit<ForgetSummary, "storageKeys"> {
  /** The id the person had; no row carries it any more. */
  userId: string;
  /** Queued jobs cancelled (and refunded to their workspaces) first. */
  cancelledJobs: number;
}

export type ForgetProblem = ForgetRefusal | { code: "UNKNOWN_USER" | "UNSUPPORTED"; message: string };

/**
 * `admin forget <platform user>` and `/forget-me`: everything Pixorly keeps about the person
 * behind a platform account goes (see StoreAdmin.forgetUser; what stays is anonymous, see
 * core/domain/forgotten-user.ts). Edges call it as engine.forgetUser; the admin command line with its own store.
 *
 * Order matters for a crash or a failing object store: queued jobs are cancelled, then each
 * image's object is deleted before its row, so an image row always has its object until the
 * row goes and running this again finishes what was left.
 */
export async function forgetUser(deps: ForgetDeps, who: { platform: Platform; externalUserId: string }): Promise<Result<ForgetReport, ForgetProblem>> {
  const admin = adminOf(deps.store);
  if (!admin) return err({ code: "UNSUPPORTED", message: "This store cannot forget people." });
  const user = await deps.store.workspaces.findUserByIdentity(who.platform, who.externalUserId);
  if (!user) return err({ code: "UNKNOWN_USER", message: `Pixorly knows no ${who.platform} user ${who.externalUserId}.` });
  const footprint = await admin.userFootprint(user.id);
  // Queued jobs are cancelled (and refunded) below; only generating ones make the person wait.
  const refusal = refuseJobsInFlight({ pendingJobIds: [], processingJobIds: footprint.processingJobIds });
  if (refusal) return err(refusal);
  const now = deps.clock.now();
  let cancelledJobs = 0;
  for (const jobId of footprint.pendingJobIds) if ((await deps.store.jobs.cancel(jobId, now)).ok) cancelledJobs += 1;
  let images = 0;
  for (const workspaceId of footprint.workspaceIds) images += await deleteImages(deps, workspaceId, user.id, now);

  const forgotten = await admin.forgetUser(user.id, now);
  if (!forgotten.ok) return forgotten;
  // Rows for images that arrived meanwhile (a job finishing) went with the user; their objects go now.
  const { storageKeys, ...summary } = forgotten.value;
  for (const key of storageKeys) await deps.storage.delete(key);
  return ok({ userId: user.id, ...summary, images: images + summary.images, cancelledJobs });
}

async function deleteImages(deps: ForgetDeps, workspaceId: string, userId: string, now: number): Promise<number> {
  let deleted = 0;
  for (;;) {
    const { images } = await deps.store.images.list({ workspaceId, userId, limit: 100 });
    if (images.length === 0) return deleted;
    for (const image of images) {
      await deps.storage.delete(image.storageKey);
      await deps.store.images.delete(image.id, now);
    }
    deleted += images.length;
  }
}
