import type { Job } from "../../../../core/domain/job.ts";
import type { AdmissionSnapshot } from "../../../../core/domain/rules/admission.ts";
import type { NewJob } from "../../../../core/ports/store.ts";

export const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);

export function newJob(overrides: Partial<NewJob> = {}): NewJob {
  return {
    id: "job_1",
    workspaceId: "ws_1",
    userId: "usr_1",
    memberId: "mem_1",
    source: "console",
    idempotencyKey: null,
    prompt: "a fox",
    negativePrompt: null,
    model: "local",
    provider: "local",
    aspectRatio: "1:1",
    count: 2,
    seed: 7,
    private: false,
    channelKey: null,
    parentJobId: null,
    price: 2,
    maxAttempts: 3,
    replyTarget: null,
    now: NOW,
    ...overrides,
  };
}

export function job(overrides: Partial<Job> = {}): Job {
  return {
    id: "job_1",
    seq: 1,
    workspaceId: "ws_1",
    userId: "usr_1",
    memberId: "mem_1",
    source: "console",
    idempotencyKey: null,
    status: "processing",
    prompt: "a fox",
    negativePrompt: null,
    model: "local",
    provider: "local",
    aspectRatio: "1:1",
    count: 4,
    seed: 7,
    private: false,
    channelKey: null,
    parentJobId: null,
    inputImageKey: null,
    strength: null,
    creditsCharged: 8,
    creditsRefunded: 0,
    attempts: 1,
    maxAttempts: 3,
    leaseOwner: "worker-1",
    leaseExpiresAt: NOW + 30_000,
    nextRunAt: NOW,
    errorCode: null,
    errorMessage: null,
    replyTarget: null,
    createdAt: NOW - 86_400_000,
    startedAt: NOW,
    finishedAt: null,
    providerMs: null,
    uploadMs: null,
    providerCostUsd: null,
    ...overrides,
  };
}

/** A snapshot nothing refuses: balance 10, a member with nothing queued, `own` storage as given. */
export function admissionSnapshot(own: { storageUsedBytes: number; storageQuotaBytes: number }, actorRevision = 0): AdmissionSnapshot {
  return { existing: null, workspace: { balance: 10 }, member: { banned: false, queued: 0 }, today: null, own: { actorRevision, ...own } };
}
