import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PLANS } from "../../core/domain/plans.ts";
import { imageKey } from "../../core/engine/image-key.ts";
import { ORPHAN_SWEEP_DEFAULTS } from "../../core/engine/orphan-sweep.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { createS3Storage, type S3Storage } from "../../core/storage/s3-storage.ts";
import { engineHarness, imagine, type EngineHarness } from "../support/engine-harness.ts";
import { S3RVER_CREDENTIALS, startS3rver } from "../support/s3rver.ts";

const PNG = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
const BUCKET = "pixorly-orphans";
let s3: Awaited<ReturnType<typeof startS3rver>>;
const s3Storages: S3Storage[] = [];

beforeAll(async () => {
  s3 = await startS3rver([BUCKET]);
});
afterAll(async () => {
  for (const storage of s3Storages) storage.destroy();
  await s3.close();
});

const kinds: Record<string, () => ObjectStorage | undefined> = {
  "local disk": () => undefined,
  "S3 over HTTP (s3rver)": () => {
    const storage = createS3Storage({
      bucket: BUCKET,
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      checksums: "WHEN_REQUIRED",
      // A fresh prefix per test: the bucket is shared.
      prefix: `images-${s3Storages.length}/`,
      credentials: S3RVER_CREDENTIALS,
    });
    s3Storages.push(storage);
    return storage;
  },
};

describe.each(Object.keys(kinds))("orphaned image files on %s", (kind) => {
  let h: EngineHarness;
  beforeEach(async () => {
    const storage = kinds[kind]!();
    h = await engineHarness(storage ? { storage } : {});
    // Object times come from the real clock (file mtime, S3 LastModified); keys' days from ours.
    h.clock.set(Date.now());
  });
  afterEach(() => h.cleanup());

  it("a worker killed between upload and complete leaves an object the sweep removes after the grace period, and only it", async () => {
    // The dead worker: claimed the job, uploaded its image, never recorded it.
    const s = await imagine(h, "killed mid-upload");
    if (!s.ok) throw new Error(s.error.message);
    const claimed = (
      await h.store.jobs.claim({
        workerId: "killed-worker",
        now: h.clock.now(),
        leaseMs: h.options.leaseMs,
        providers: ["local"],
        maxRunningPerMember: (plan) => PLANS[plan].maxRunningPerMember,
      })
    )?.job;
    expect(claimed?.id).toBe(s.value.job.id);
    const orphan = imageKey({ workspaceId: claimed!.workspaceId, jobId: claimed!.id, index: 0, contentType: "image/png", now: h.clock.now() });
    await h.options.storage.put(orphan, PNG, "image/png", { jobId: claimed!.id });
    // Not ours: no job id in the name. Left alone whatever its age.
    const foreign = `${claimed!.workspaceId}/${orphan.split("/")[1]}/readme.png`;
    await h.options.storage.put(foreign, PNG, "image/png");

    // The lease runs out; another worker runs the job again and records its own image.
    h.clock.advance(h.options.leaseMs + 1);
    await h.engine.housekeeping();
    h.engine.start();
    const job = await h.settled(s.value.job.id);
    expect(job.status).toBe("completed");
    const [kept] = await h.store.images.listForJob(job.id);
    expect(kept).toBeDefined();

    // Within the grace period nothing is touched (an upload may be about to be recorded).
    expect((await h.engine.sweepOrphanImages()).removed).toEqual([]);
    expect(await h.options.storage.get(orphan)).not.toBeNull();

    h.clock.advance(ORPHAN_SWEEP_DEFAULTS.graceMs + 1_000);
    const swept = await h.engine.sweepOrphanImages();
    expect(swept.removed).toEqual([orphan]);
    expect(await h.options.storage.get(orphan)).toBeNull();
    expect(await h.options.storage.get(kept!.storageKey)).not.toBeNull();
    expect(await h.options.storage.get(foreign)).not.toBeNull();

    // Idempotent, and a row already confirmed is not looked up again.
    expect((await h.engine.sweepOrphanImages()).removed).toEqual([]);
  });

  it("lists by prefix: a workspace's day, nothing outside it", async () => {
    const day = new Date(h.clock.now()).toISOString().slice(0, 10);
    await h.options.storage.put(`ws_a/${day}/job_1-0-x.png`, PNG, "image/png");
    await h.options.storage.put(`ws_a/2020-01-01/job_2-0-y.png`, PNG, "image/png");
    await h.options.storage.put(`ws_b/${day}/job_3-0-z.png`, PNG, "image/png");
    const listed = await h.options.storage.list(`ws_a/${day}/`);
    expect(listed.map((o) => o.key)).toEqual([`ws_a/${day}/job_1-0-x.png`]);
    expect(Math.abs(listed[0]!.lastModified - Date.now())).toBeLessThan(60_000);
    expect(await h.options.storage.list("ws_none/")).toEqual([]);
  });
});
