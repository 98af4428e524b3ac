import { newId } from "../../../core/domain/ids.ts";
import type { Job } from "../../../core/domain/job.ts";
import { PROVIDER_IDS } from "../../../core/domain/models.ts";
import type { PlanId } from "../../../core/domain/plans.ts";
import type { Rejection } from "../../../core/domain/rejections.ts";
import type { Result } from "../../../core/domain/result.ts";
import type { Member, MemberRole, User, Workspace } from "../../../core/domain/workspace.ts";
import type { ClaimOptions, CompletedImage, LeasedJob, NewJob, Store, SubmitLimits } from "../../../core/ports/store.ts";

/** The contract's clock: explicit times only, starting mid-day so "same UTC day" is unambiguous. */
export const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
export const DAY = 24 * 60 * 60 * 1000;
export const LEASE_MS = 30_000;
export const NO_LIMITS: SubmitLimits = { maxQueuedPerMember: 1_000, dailyCap: null };

export type StoreFactory = () => Promise<{ store: Store; cleanup: () => Promise<void> }>;

/** Gives each case its own store; `get()` is only valid inside a test. */
export interface StoreRef {
  get(): Store;
}

export interface Actor {
  workspace: Workspace;
  user: User;
  member: Member;
}

let unique = 0;
const nextExternalId = (prefix: string) => `${prefix}-${++unique}`;

/** Builders over the port only, so the same cases run against every adapter. */
export class Fixture {
  readonly store: Store;

  constructor(store: Store) {
    this.store = store;
  }

  workspace(plan: PlanId = "PRO", now = T0): Promise<Workspace> {
    return this.store.workspaces.ensure({ platform: "discord", externalId: nextExternalId("guild"), name: "Guild", plan, now });
  }

  async member(workspace: Workspace, role: MemberRole = "member", now = T0): Promise<Actor> {
    const { user, member } = await this.store.workspaces.ensureMember({
      workspaceId: workspace.id,
      platform: "discord",
      externalUserId: nextExternalId("user"),
      displayName: "Someone",
      role,
      now,
    });
    return { workspace, user, member };
  }

  /** A workspace with one member. */
  async actor(plan: PlanId = "PRO"): Promise<Actor> {
    return this.member(await this.workspace(plan));
  }

  newJob(actor: Actor, overrides: Partial<NewJob> = {}): NewJob {
    const now = overrides.now ?? T0;
    return {
      id: newId("job", now),
      workspaceId: actor.workspace.id,
      userId: actor.user.id,
      memberId: actor.member.id,
      source: "discord",
      idempotencyKey: null,
      prompt: "a lighthouse at dusk",
      negativePrompt: null,
      model: "local",
      provider: "local",
      aspectRatio: "1:1",
      count: 1,
      seed: 42,
      private: false,
      channelKey: null,
      parentJobId: null,
      price: 1,
      maxAttempts: 3,
      replyTarget: null,
      now,
      ...overrides,
    };
  }

  /** Submits and insists it was accepted. */
  async submit(actor: Actor, overrides: Partial<NewJob> = {}, limits: SubmitLimits = NO_LIMITS): Promise<Job> {
    return unwrap(await this.store.jobs.submit(this.newJob(actor, overrides), limits)).job;
  }

  async claim(workerId: string, now = T0, options: Partial<ClaimOptions> = {}): Promise<Job | null> {
    return (await this.lease(workerId, now, options))?.job ?? null;
  }

  /** The claim's whole answer: the job and its workspace's NSFW policy. */
  lease(workerId: string, now = T0, options: Partial<ClaimOptions> = {}): Promise<LeasedJob | null> {
    return this.store.jobs.claim({
      workerId,
      now,
      leaseMs: LEASE_MS,
      providers: PROVIDER_IDS,
      maxRunningPerMember: () => 100,
      ...options,
    });
  }

  /** Submits, then claims it as `workerId` (nothing else may be runnable). */
  async running(actor: Actor, workerId = "worker-1", overrides: Partial<NewJob> = {}): Promise<Job> {
    const job = await this.submit(actor, overrides);
    const claimed = await this.claim(workerId, overrides.now ?? T0);
    if (claimed?.id !== job.id) throw new Error("expected to claim the job just submitted");
    return claimed;
  }

  images(count: number, bytes = 1_000, now = T0): CompletedImage[] {
    return Array.from({ length: count }, (_, index) => ({
      id: newId("img", now),
      index,
      storageKey: `images/${index}.png`,
      url: `https://cdn.example/images/${index}.png`,
      contentType: "image/png",
      width: 1024,
      height: 1024,
      bytes,
    }));
  }

  complete(job: Job, images: CompletedImage[], workerId = "worker-1", now = T0): Promise<Job | null> {
    return this.store.jobs.complete({ jobId: job.id, workerId, images, providerMs: 1_200, uploadMs: 80, providerCostUsd: 0.04, now });
  }

  async balance(workspaceId: string): Promise<number> {
    return (await this.store.workspaces.get(workspaceId))!.balance;
  }

  async jobs(workspaceId: string, status?: Job["status"]): Promise<Job[]> {
    return this.store.jobs.list({ workspaceId, status, limit: 10_000 });
  }

  /** Everything a rejected call must leave untouched. */
  async snapshot(workspaceId: string) {
    return {
      workspace: await this.store.workspaces.get(workspaceId),
      ledger: await this.store.credits.list(workspaceId, 10_000),
      jobs: await this.jobs(workspaceId),
      usage: await this.store.usage.list({ workspaceId, fromDate: "2000-01-01", toDate: "2100-01-01" }),
    };
  }
}

export function unwrap<T>(result: Result<T, Rejection>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function rejection<T>(result: Result<T, Rejection>): Rejection {
  if (result.ok) throw new Error("expected a rejection, got ok");
  return result.error;
}
