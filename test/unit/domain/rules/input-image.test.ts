import { describe, expect, it } from "vitest";
import { inputImageBytes, parseInputImageKey } from "../../../../core/domain/input-image-key.ts";
import { decideAdmission } from "../../../../core/domain/rules/admission.ts";
import { forgetRows } from "../../../../core/domain/rules/forget.ts";
import { releaseInputImage } from "../../../../core/domain/rules/input-image.ts";
import { inputImageKey } from "../../../../core/engine/input-image-key.ts";
import { admissionSnapshot, job, newJob, NOW } from "./rule-fixtures.ts";

/** Issue #19: a job's stored input copy counts toward storage from submit until it is deleted. */
const KEY = "ws_1/2026-11-26/job_01KABC-input-96x64-5000b-nonce1.png";
const OLD_KEY = "ws_1/2026-11-26/job_01KABC-input-96x64-nonce1.png";

describe("input copy keys carry the byte size the storage totals count", () => {
  it("a key made by the engine says its job, pixel size and byte size", () => {
    const key = inputImageKey({ workspaceId: "ws_1", jobId: "job_01KABC", contentType: "image/png", width: 96, height: 64, bytes: 5_000, now: NOW });
    expect(parseInputImageKey(key)).toEqual({ jobId: "job_01KABC", width: 96, height: 64, bytes: 5_000 });
  });

  it("a key made before sizes were counted counts 0 bytes (it was never counted), and no key counts nothing", () => {
    expect(parseInputImageKey(OLD_KEY)).toEqual({ jobId: "job_01KABC", width: 96, height: 64, bytes: 0 });
    expect(inputImageBytes(OLD_KEY)).toBe(0);
    expect(inputImageBytes(null)).toBe(0);
    expect(inputImageBytes("ws_1/2026-11-26/img_1.png")).toBe(0);
  });
});

describe("input copy storage: counted at admission, released once when the copy goes", () => {
  const open = admissionSnapshot({ storageUsedBytes: 0, storageQuotaBytes: 1_000_000 });
  const limits = { maxQueuedPerMember: 3, dailyCap: null };

  it("a copy that would not fit in the storage left is refused in the store's transaction (two copies at once cannot both squeeze in)", () => {
    const snapshot = { ...open, own: { actorRevision: 0, storageUsedBytes: 996_000, storageQuotaBytes: 1_000_000 } };
    const refused = decideAdmission(snapshot, newJob({ inputImageKey: KEY, strength: 0.5 }), limits);
    expect(refused).toEqual({ ok: false, error: expect.objectContaining({ code: "STORAGE_FULL", details: { used: 996_000, quota: 1_000_000, needed: 5_000 } }) });
    expect(decideAdmission({ ...snapshot, own: { ...snapshot.own, storageUsedBytes: 995_000 } }, newJob({ inputImageKey: KEY, strength: 0.5 }), limits).ok).toBe(true);
    // Without a copy, a workspace with any room left takes the job.
    expect(decideAdmission(snapshot, newJob(), limits).ok).toBe(true);
  });

  it("an admitted job with an input copy adds the copy's bytes to the workspace's and the user's storage, with the charge", () => {
    const input = newJob({ inputImageKey: KEY, strength: 0.5 });
    const decided = decideAdmission(open, input, limits);
    if (!decided.ok || !("effects" in decided.value)) throw new Error("expected admission");
    expect(decided.value.effects).toContainEqual({ type: "storage", workspaceId: input.workspaceId, userId: input.userId, bytes: 5_000, now: input.now });
    expect(decided.value.effects.map((effect) => effect.type)).toEqual(["book", "insertJob", "storage", "usage"]);
  });

  it("a job without an input, a repeated delivery and a refusal count no storage", () => {
    const plain = decideAdmission(open, newJob(), limits);
    expect(plain.ok && "effects" in plain.value && plain.value.effects.some((effect) => effect.type === "storage")).toBe(false);
    const repeated = decideAdmission({ ...open, existing: job() }, newJob({ inputImageKey: KEY }), limits);
    expect(repeated.ok && "duplicate" in repeated.value).toBe(true);
    expect(decideAdmission({ ...open, workspace: { balance: 0 } }, newJob({ inputImageKey: KEY }), limits).ok).toBe(false);
  });

  it("releasing a finished job's copy clears its key and gives back what submit counted", () => {
    const done = job({ status: "completed", inputImageKey: KEY, strength: 0.5 });
    expect(releaseInputImage(done, KEY, NOW + 1)).toEqual([
      { type: "clearInputImage", jobId: done.id },
      { type: "storage", workspaceId: done.workspaceId, userId: done.userId, bytes: -5_000, now: NOW + 1 },
    ]);
    // A copy from before sizes were counted only loses its key.
    expect(releaseInputImage({ ...done, inputImageKey: OLD_KEY }, OLD_KEY, NOW + 1)).toEqual([{ type: "clearInputImage", jobId: done.id }]);
  });

  it.each([
    ["unknown", null],
    ["queued", job({ status: "pending", inputImageKey: KEY })],
    ["running", job({ status: "processing", inputImageKey: KEY })],
    ["already released (a second press)", job({ status: "completed", inputImageKey: null })],
    ["naming another copy", job({ status: "failed", inputImageKey: OLD_KEY })],
  ])("releasing changes nothing for a job %s", (_case, subject) => {
    expect(releaseInputImage(subject, KEY, NOW)).toEqual([]);
  });

  it("forgetting a person releases their jobs' input copies per workspace, beside their images", () => {
    const decision = forgetRows({
      userId: "usr_1",
      now: NOW,
      images: [{ key: "i1", workspaceId: "ws_1", bytes: 100, storageKey: "ws_1/img.png" }],
      jobs: [
        { key: "j1", workspaceId: "ws_1", inputImageKey: KEY },
        { key: "j2", workspaceId: "ws_2", inputImageKey: KEY.replace("ws_1", "ws_2") },
        { key: "j3", workspaceId: "ws_2", inputImageKey: null },
      ],
    } as Parameters<typeof forgetRows>[0]);
    const storage = decision.effects.filter((effect) => effect.type === "storage");
    expect(storage).toEqual([
      { type: "storage", workspaceId: "ws_1", userId: "usr_1", bytes: -5_100, now: NOW },
      { type: "storage", workspaceId: "ws_2", userId: "usr_1", bytes: -5_000, now: NOW },
    ]);
  });
});
