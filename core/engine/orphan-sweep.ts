import { utcDay } from "../domain/usage.ts";
import type { Logger } from "../logging/create-logger.ts";
import type { Clock } from "../ports/clock.ts";
import type { ObjectStorage } from "../ports/object-storage.ts";
import type { Store } from "../ports/store.ts";
import { parseInputImageKey } from "./input-image-key.ts";

export interface OrphanSweepOptions {
  /**
   * Objects younger than this are never touched: a worker uploads before it records the job
   * complete, and a job may be retried by another worker after its lease runs out.
   */
  graceMs: number;
  /** Time between sweeps; each sweep lists every workspace's recent days. */
  intervalMs: number;
  /** Days (UTC, today included) whose prefixes are listed; orphans older than that stay. */
  lookbackDays: number;
}

export const ORPHAN_SWEEP_DEFAULTS = { graceMs: 60 * 60_000, intervalMs: 60 * 60_000, lookbackDays: 3 } as const satisfies OrphanSweepOptions;

/** "<workspace>/<day>/<job id>-<index>-<nonce>.<ext>", as core/engine/image-key.ts writes them. */
const IMAGE_KEY = /^[^/]+\/\d{4}-\d{2}-\d{2}\/(job_[A-Za-z0-9]+)-\d+-[A-Za-z0-9]+\.[a-z]+$/;

export interface SweepResult {
  scanned: number;
  removed: string[];
}

/**
 * Removes stored images no image row points to: a worker killed after its upload but before
 * `complete` leaves one behind, and a retried job uploads again under new keys. Listing is by
 * workspace and day (the key layout), and rows are looked up by the job id inside the key
 * (ImageStore.listForJob, indexed on both stores), so no store change is needed. Keys already
 * seen with a row are remembered for the lookback window, so each object costs one lookup.
 * Objects whose key is not ours are left alone. A job's input image copy ("-input-" keys, stored
 * before the job row exists) is kept while its job names it, however old: a remix days later
 * and the job's retries read it; it goes only when no job row names it (a crash between the
 * upload and the submit, or a submit whose answer was lost).
 */
export class OrphanSweep {
  private readonly confirmed = new Set<string>();

  private readonly deps: { store: Store; storage: ObjectStorage; clock: Clock; logger: Logger };
  private readonly options: OrphanSweepOptions;

  constructor(
    deps: { store: Store; storage: ObjectStorage; clock: Clock; logger: Logger },
    options: OrphanSweepOptions = ORPHAN_SWEEP_DEFAULTS,
  ) {
    this.deps = deps;
    this.options = options;
  }

  async sweep(): Promise<SweepResult> {
    const { store, storage, clock, logger } = this.deps;
    const now = clock.now();
    const days = Array.from({ length: this.options.lookbackDays }, (_, i) => utcDay(now - i * 86_400_000));
    for (const key of this.confirmed) if (!days.includes(key.split("/")[1] ?? "")) this.confirmed.delete(key);

    const result: SweepResult = { scanned: 0, removed: [] };
    for (const workspace of await store.workspaces.list()) {
      for (const day of days) {
        const old = (await storage.list(`${workspace.id}/${day}/`)).filter(
          (object) => now - object.lastModified >= this.options.graceMs && !this.confirmed.has(object.key),
        );
        result.scanned += old.length;
        const rowsByJob = new Map<string, Set<string>>();
        for (const object of old) {
          const input = parseInputImageKey(object.key);
          if (input) {
            if ((await store.jobs.get(input.jobId))?.inputImageKey === object.key) {
              this.confirmed.add(object.key);
              continue;
            }
            await storage.delete(object.key);
            result.removed.push(object.key);
            continue;
          }
          const jobId = IMAGE_KEY.exec(object.key)?.[1];
          if (!jobId) continue;
          let keys = rowsByJob.get(jobId);
          if (!keys) {
            keys = new Set((await store.images.listForJob(jobId)).map((image) => image.storageKey));
            rowsByJob.set(jobId, keys);
          }
          if (keys.has(object.key)) {
            this.confirmed.add(object.key);
            continue;
          }
          await storage.delete(object.key);
          result.removed.push(object.key);
        }
      }
    }
    if (result.removed.length) logger.warn({ removed: result.removed.length, keys: result.removed.slice(0, 20) }, "removed stored images no image row points to");
    return result;
  }
}
