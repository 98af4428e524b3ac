import { describe, expect, it } from "vitest";
import { decideAdmission, type AdmissionSnapshot } from "../../../../core/domain/rules/admission.ts";
import { admissionSnapshot, job, newJob } from "./rule-fixtures.ts";

const open = admissionSnapshot({ storageUsedBytes: 100, storageQuotaBytes: 1_000 }, 7);
const limits = { maxQueuedPerMember: 3, dailyCap: 5 };

describe("decideAdmission", () => {
  // Order matters: each row fails every later check too, and must be refused for its own reason.
  it.each([
    ["unknown workspace", { workspace: null, member: null }, "NOT_FOUND", /workspace/],
    ["unknown member", { member: null, workspace: { balance: 0 } }, "NOT_FOUND", /member/],
    ["banned", { member: { banned: true, queued: 9 }, workspace: { balance: 0 } }, "BANNED", /blocked/],
    ["balance", { workspace: { balance: 1 }, today: { creditsCharged: 9, creditsRefunded: 0 } }, "INSUFFICIENT_CREDITS", /./],
    ["daily cap", { today: { creditsCharged: 5, creditsRefunded: 1 }, member: { banned: false, queued: 3 } }, "DAILY_CAP", /./],
    ["queue cap", { member: { banned: false, queued: 3 }, own: { actorRevision: 7, storageUsedBytes: 1_000, storageQuotaBytes: 1_000 } }, "QUEUE_FULL", /./],
    ["storage", { own: { actorRevision: 7, storageUsedBytes: 1_000, storageQuotaBytes: 1_000 } }, "STORAGE_FULL", /storage/],
  ] as const)("refuses on %s first, booking nothing", (_rule, patch, code, message) => {
    const decided = decideAdmission({ ...open, ...patch } as AdmissionSnapshot, newJob(), limits);
    expect(decided.ok).toBe(false);
    if (!decided.ok) {
      expect(decided.error.code).toBe(code);
      expect(decided.error.message).toMatch(message);
    }
  });

  it("refuses a job whose cached actor was resolved at another revision before any other check, booking nothing", () => {
    const broke = { ...open, workspace: { balance: 0 } };
    const decided = decideAdmission(broke, newJob({ actorRevision: 6 }), limits);
    expect(decided).toEqual({ ok: false, error: expect.objectContaining({ code: "ACTOR_CHANGED" }) });
    // At the current revision, or read from the store (no revision), the job meets the usual checks.
    expect(decideAdmission(broke, newJob({ actorRevision: 7 }), limits)).toEqual({ ok: false, error: expect.objectContaining({ code: "INSUFFICIENT_CREDITS" }) });
    expect(decideAdmission(open, newJob({ actorRevision: 7 }), limits).ok).toBe(true);
    expect(decideAdmission(open, newJob(), limits).ok).toBe(true);
    // A repeated delivery still answers its first job, whatever changed since.
    const first = job({ idempotencyKey: "discord:1" });
    expect(decideAdmission({ ...open, existing: first }, newJob({ actorRevision: 6 }), limits)).toEqual({ ok: true, value: { duplicate: first } });
  });

  it("counts today's spend net of refunds against the daily cap", () => {
    const spent = (charged: number, refunded: number) =>
      decideAdmission({ ...open, today: { creditsCharged: charged, creditsRefunded: refunded } }, newJob({ price: 2 }), limits).ok;
    expect(spent(3, 0)).toBe(true);
    expect(spent(4, 0)).toBe(false);
    expect(spent(6, 3)).toBe(true);
    expect(decideAdmission({ ...open, today: { creditsCharged: 100, creditsRefunded: 0 } }, newJob(), { ...limits, dailyCap: null }).ok).toBe(true);
  });

  it("answers the first job for a repeated idempotency key and charges nothing, even when it would now be refused", () => {
    const first = job({ idempotencyKey: "discord:1" });
    expect(decideAdmission({ ...open, existing: first, workspace: null }, newJob(), limits)).toEqual({ ok: true, value: { duplicate: first } });
  });

  it("charges with the job's reason and dedupe key, inserts the job and counts it as requested", () => {
    const input = newJob({ count: 1, price: 3, model: "flux" });
    expect(decideAdmission(open, input, limits)).toEqual({
      ok: true,
      value: {
        effects: [
          { type: "book", workspaceId: "ws_1", kind: "charge", amount: -3, reason: "1 image with flux", userId: "usr_1", jobId: "job_1", dedupeKey: "charge:job_1", now: input.now },
          { type: "insertJob", job: input },
          { type: "usage", workspaceId: "ws_1", userId: "usr_1", date: "2026-11-26", delta: { requested: 1, creditsCharged: 3 } },
        ],
      },
    });
    const two = decideAdmission(open, newJob({ count: 2 }), limits);
    expect(two.ok && "effects" in two.value && two.value.effects[0]).toMatchObject({ reason: "2 images with local" });
  });
});
