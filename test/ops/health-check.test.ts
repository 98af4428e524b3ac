import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHealthCheck } from "../../bots/http/health-check.ts";
import { createLocalDiskStorage } from "../../core/storage/local-disk-storage.ts";
import { createS3Storage, type S3Storage } from "../../core/storage/s3-storage.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { S3RVER_CREDENTIALS, startS3rver } from "../support/s3rver.ts";
import { tempDir } from "../support/temp-dir.ts";

describe("readiness report (/healthz)", () => {
  const dir = tempDir("pixorly-health-");
  const store = createSqliteStore({ file: join(dir.path, "pixorly.db") });
  const disk = createLocalDiskStorage({ dataDir: dir.path, publicUrl: () => "http://localhost:3000" });
  let s3: Awaited<ReturnType<typeof startS3rver>>;
  const buckets: S3Storage[] = [];
  const bucket = (name: string) => {
    const storage = createS3Storage({
      bucket: name,
      region: "us-east-1",
      endpoint: s3.endpoint,
      forcePathStyle: true,
      checksums: "WHEN_REQUIRED",
      prefix: "images/",
      credentials: S3RVER_CREDENTIALS,
    });
    buckets.push(storage);
    return storage;
  };

  beforeAll(async () => {
    s3 = await startS3rver(["pixorly-health"]);
  });
  afterAll(async () => {
    for (const storage of buckets) storage.destroy();
    await s3.close();
    await store.close();
    dir.remove();
  });

  it("is ok when the store, the storage and every front end answer", async () => {
    const check = createHealthCheck({ store, storage: bucket("pixorly-health"), frontEnds: { discord: () => true, slack: async () => true } });
    expect(await check()).toEqual({ status: "ok", checks: { store: "ok", storage: "ok", discord: "ok", slack: "ok" } });
  });

  it("is degraded, not unavailable, when only a front end is not ready (false, a throw, or too slow)", async () => {
    const check = createHealthCheck({
      store,
      storage: disk,
      timeoutMs: 50,
      frontEnds: {
        console: () => true,
        discord: () => false,
        slack: () => {
          throw new Error("auth.test failed");
        },
        api: () => new Promise<boolean>(() => undefined),
      },
    });
    const started = performance.now();
    expect(await check()).toEqual({
      status: "degraded",
      checks: { store: "ok", storage: "ok", console: "ok", discord: "failing", slack: "failing", api: "failing" },
    });
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("is unavailable when the storage fails (a bucket that does not exist on s3rver)", async () => {
    const check = createHealthCheck({ store, storage: bucket("no-such-bucket") });
    expect(await check()).toEqual({ status: "unavailable", checks: { store: "ok", storage: "failing" } });
  });

  it("is unavailable when the store is gone", async () => {
    const other = tempDir("pixorly-health-closed-");
    const closed = createSqliteStore({ file: join(other.path, "pixorly.db") });
    await closed.close();
    try {
      expect(await createHealthCheck({ store: closed, storage: disk })()).toEqual({ status: "unavailable", checks: { store: "failing", storage: "ok" } });
    } finally {
      other.remove();
    }
  });
});
