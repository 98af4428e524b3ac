import Database from "better-sqlite3";
import fc from "fast-check";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ProviderId } from "../../core/domain/models.ts";
import type { PlanId } from "../../core/domain/plans.ts";
import type { NsfwPolicy } from "../../core/domain/workspace.ts";
import { CLAIM_WINDOW } from "../../core/domain/rules/claim.ts";
import type { AdminStore } from "../../core/ports/store-admin.ts";
import type { ClaimOptions, ClaimSlots, LeasedJob } from "../../core/ports/store.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";
import { Fixture, LEASE_MS, NO_LIMITS, T0, unwrap, type Actor } from "../contract/store/fixtures.ts";
import { tempDir } from "../support/temp-dir.ts";

/** A queue to build, the same way, in two stores. */
interface Scenario {
  workspaces: { plan: PlanId; members: number; nsfw?: NsfwPolicy }[];
  /** In submit order; `delayMs` puts the job's nextRunAt after the claim's `now`. */
  jobs: { workspace: number; member: number; provider: ProviderId; delayMs?: number }[];
  /** Single claims made (and kept running) before the batch: they stamp rounds and count against caps. */
  before: { providers: ProviderId[] }[];
}

const CAPS: Record<PlanId, number> = { FREE: 1, PRO: 2, ENTERPRISE: 100 };
const MODELS: Partial<Record<ProviderId, string>> = { local: "local", openai: "gpt-image-1" };

/** One SQLite store on a file, with a second connection to read what the store wrote. */
interface Side {
  store: AdminStore;
  raw: Database.Database;
  /** Store id -> a name that is the same on both sides (ids are new ULIDs per store). */
  names: Map<string, string>;
}

let dir: ReturnType<typeof tempDir>;
let sides: Side[] = [];
let built = 0;
beforeEach(() => {
  dir = tempDir("pixorly-batch-claim-");
});
afterEach(async () => {
  for (const side of sides) {
    side.raw.close();
    await side.store.close();
  }
  sides = [];
  dir.remove();
});

/**
 * Builds `scenario`. Workspaces are made in order, so their ids (time-ordered ULIDs) sort the
 * same way in both stores and ties between never-served workspaces break alike.
 */
async function build(scenario: Scenario): Promise<Side> {
  const file = join(dir.path, `side-${built++}.db`);
  const store = createSqliteStore({ file });
  const side: Side = { store, raw: new Database(file, { readonly: true }), names: new Map() };
  sides.push(side);
  const fixture = new Fixture(store);
  const members: Actor[][] = [];
  for (const [w, spec] of scenario.workspaces.entries()) {
    const workspace = await store.workspaces.ensure({ platform: "discord", externalId: `guild-${w}`, name: "Guild", plan: spec.plan, now: T0 });
    side.names.set(workspace.id, `w${w}`);
    if (spec.nsfw) await store.workspaces.updateSettings(workspace.id, { nsfw: spec.nsfw }, T0);
    members.push([]);
    for (let m = 0; m < spec.members; m++) {
      const { user, member } = await store.workspaces.ensureMember({
        workspaceId: workspace.id,
        platform: "discord",
        externalUserId: `user-${w}-${m}`,
        displayName: "Someone",
        role: "member",
        now: T0,
      });
      side.names.set(user.id, `u${w}.${m}`).set(member.id, `m${w}.${m}`);
      members[w]!.push({ workspace, user, member });
    }
  }
  for (const [j, spec] of scenario.jobs.entries()) {
    const owner = members[spec.workspace]![spec.member]!;
    const now = T0 + (spec.delayMs ?? 0);
    const job = { id: `job_${String(j).padStart(4, "0")}`, prompt: `job ${j}`, model: MODELS[spec.provider]!, provider: spec.provider, seed: j, now };
    unwrap(await store.jobs.submit(fixture.newJob(owner, job), NO_LIMITS));
  }
  for (const { providers } of scenario.before) await store.jobs.claim(options(providers));
  return side;
}

function options(providers: ProviderId[] = []): ClaimOptions {
  return { workerId: "w", now: T0, leaseMs: LEASE_MS, providers, maxRunningPerMember: (plan) => CAPS[plan] };
}

/** `limit` single claims, each for the providers with a slot left: what claimMany promises to equal. */
async function singleClaims(store: AdminStore, slots: ClaimSlots, limit: number): Promise<LeasedJob[]> {
  const left = new Map(Object.entries(slots) as [ProviderId, number][]);
  const leases: LeasedJob[] = [];
  while (leases.length < limit) {
    const providers = [...left].filter(([, n]) => n > 0).map(([p]) => p);
    if (providers.length === 0) break;
    const leased = await store.jobs.claim(options(providers));
    if (!leased) break;
    leases.push(leased);
    left.set(leased.job.provider, left.get(leased.job.provider)! - 1);
  }
  return leases;
}

/** Everything claim reads or writes, with store ids replaced by their shared names. */
function state(side: Side) {
  const name = (id: string) => side.names.get(id) ?? id;
  return {
    workspaces: (side.raw.prepare("SELECT id, last_served_seq, pending_jobs FROM workspaces ORDER BY id").all() as { id: string }[]).map(
      (row) => ({ ...row, id: name(row.id) }),
    ),
    counters: side.raw.prepare("SELECT name, value FROM counters ORDER BY name").all(),
    jobs: side.raw
      .prepare("SELECT id, status, attempts, lease_owner, lease_expires_at, started_at, next_run_at FROM generation_jobs ORDER BY seq")
      .all(),
  };
}

const named = (side: Side, leases: LeasedJob[]) =>
  leases.map(({ job, nsfw }) => ({
    nsfw,
    job: { ...job, workspaceId: side.names.get(job.workspaceId), userId: side.names.get(job.userId), memberId: side.names.get(job.memberId) },
  }));

/** Builds the scenario twice, claims `limit` in one batch on one side and one at a time on the other, and compares. */
async function expectBatchEqualsSingles(scenario: Scenario, slots: ClaimSlots, limit: number): Promise<LeasedJob[]> {
  const [batch, single] = [await build(scenario), await build(scenario)];
  expect(state(batch)).toEqual(state(single));
  const batched = await batch.store.jobs.claimMany!(options(), slots, limit);
  const singles = await singleClaims(single.store, slots, limit);
  expect(named(batch, batched)).toEqual(named(single, singles));
  expect(state(batch)).toEqual(state(single));
  // What the batch left behind claims on exactly as single claims left it.
  expect(named(batch, await singleClaims(batch.store, { local: 3, openai: 3 }, 6))).toEqual(named(single, await singleClaims(single.store, { local: 3, openai: 3 }, 6)));
  expect(state(batch)).toEqual(state(single));
  return batched;
}

const local = (workspace: number, member = 0, delayMs?: number) => ({ workspace, member, provider: "local" as const, delayMs });
const openai = (workspace: number, member = 0) => ({ workspace, member, provider: "openai" as const });

describe("a batched claim of N leases the same jobs, in the same order, with the same rounds and counters, as N single claims", () => {
  it("with member running caps: a member at the cap is stepped over, a lease counts against the cap at once", async () => {
    const claimed = await expectBatchEqualsSingles(
      {
        workspaces: [{ plan: "FREE", members: 2 }, { plan: "PRO", members: 2 }, { plan: "ENTERPRISE", members: 1 }],
        jobs: [local(0, 0), local(0, 0), local(0, 1), local(0, 1), local(1, 0), local(1, 0), local(1, 0), local(1, 1), local(2), local(2), local(2)],
        before: [{ providers: ["local"] }],
      },
      { local: 20 },
      20,
    );
    // FREE members run one each (one already running from before), PRO members two: the rest waits.
    expect(claimed.map((l) => l.job.id)).not.toContain("job_0001");
    expect(claimed).toHaveLength(1 + 3 + 3);
  });

  it("with a blocked head of queue longer than a window: later runnable jobs are found, the workspace is stamped only when served", async () => {
    const blocked = Array.from({ length: CLAIM_WINDOW.jobsPerWorkspace + 4 }, () => local(0, 0, 60_000));
    const claimed = await expectBatchEqualsSingles(
      {
        workspaces: [{ plan: "ENTERPRISE", members: 2 }, { plan: "ENTERPRISE", members: 1 }, { plan: "ENTERPRISE", members: 1 }],
        jobs: [...blocked, openai(0, 1), local(0, 1), local(0, 1), local(1), local(1), openai(2), openai(2)],
        before: [],
      },
      { local: 3 },
      5,
    );
    expect(claimed.map((l) => l.job.id)).toEqual(["job_0021", "job_0023", "job_0022"]);
  });

  it("with more workspaces than one window reads, some holding nothing runnable", async () => {
    const count = CLAIM_WINDOW.workspaces * 2 + 3;
    const jobs = Array.from({ length: count }, (_, w) => (w % 3 === 0 ? [openai(w)] : [local(w), local(w)])).flat();
    const leased = await expectBatchEqualsSingles(
      {
        // Every other workspace allows NSFW: each lease must carry its own workspace's policy.
        workspaces: Array.from({ length: count }, (_, w) => ({ plan: "PRO" as const, members: 1, nsfw: w % 2 ? ("allow" as const) : ("block" as const) })),
        jobs,
        // Served before: these move behind the never-served ones.
        before: [{ providers: ["local"] }, { providers: ["local"] }, { providers: ["local"] }],
      },
      { local: 40 },
      40,
    );
    expect(new Set(leased.map((l) => l.nsfw))).toEqual(new Set(["allow", "block"]));
  });

  it("with a provider that has fewer slots than another: it stops being claimed for when its slots are used", async () => {
    const claimed = await expectBatchEqualsSingles(
      {
        workspaces: [{ plan: "ENTERPRISE", members: 1 }, { plan: "ENTERPRISE", members: 1 }, { plan: "ENTERPRISE", members: 1 }],
        jobs: [openai(0), openai(0), openai(1), local(1), openai(2), local(0), local(2), local(2), openai(1)],
        before: [],
      },
      { local: 4, openai: 2 },
      10,
    );
    expect(claimed.filter((l) => l.job.provider === "openai")).toHaveLength(2);
    expect(claimed.filter((l) => l.job.provider === "local")).toHaveLength(4);
  });

  it("on random queues", async () => {
    const provider = fc.constantFrom<ProviderId>("local", "openai");
    const scenario = fc
      .array(fc.record({ plan: fc.constantFrom<PlanId>("FREE", "PRO", "ENTERPRISE"), members: fc.integer({ min: 1, max: 3 }) }), { minLength: 1, maxLength: 12 })
      .chain((workspaces) =>
        fc.record({
          workspaces: fc.constant(workspaces),
          jobs: fc.array(
            fc.record({
              workspace: fc.nat({ max: workspaces.length - 1 }),
              member: fc.nat({ max: 2 }),
              provider,
              delayMs: fc.constantFrom(0, 0, 0, 10_000),
            }),
            { maxLength: 40, size: "max" },
          ),
          before: fc.array(fc.record({ providers: fc.subarray<ProviderId>(["local", "openai"], { minLength: 1 }) }), { maxLength: 6 }),
        }),
      )
      // FREE workspaces hold 10 credits; members a workspace lacks are its first member.
      .map((s) => ({
        ...s,
        jobs: s.jobs
          .map((j) => ({ ...j, member: j.member % s.workspaces[j.workspace]!.members }))
          .filter((j, i, all) => s.workspaces[j.workspace]!.plan !== "FREE" || all.slice(0, i).filter((o) => o.workspace === j.workspace).length < 10),
      }));
    const slots = fc.record({ local: fc.nat({ max: 8 }), openai: fc.nat({ max: 4 }) });
    await fc.assert(
      fc.asyncProperty(scenario, slots, fc.integer({ min: 1, max: 16 }), async (s, free, limit) => {
        try {
          await expectBatchEqualsSingles(s, free, limit);
        } finally {
          for (const side of sides.splice(0)) {
            side.raw.close();
            await side.store.close();
          }
        }
      }),
      { numRuns: 40 },
    );
  });
});
