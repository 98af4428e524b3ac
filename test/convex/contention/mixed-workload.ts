/* eslint-disable @typescript-eslint/no-explicit-any -- wraps Convex's query chain and ctx generically: its types cannot be named across tables */
import { claimJob } from "../../../convex/model/claim.ts";
import { completeJob } from "../../../convex/model/complete.ts";
import { submitJob } from "../../../convex/model/submit.ts";
import { PROVIDER_IDS } from "../../../core/domain/models.ts";
import type { Job } from "../../../core/domain/job.ts";
import { Fixture, LEASE_MS, NO_LIMITS, T0, unwrap, type Actor } from "../../contract/store/fixtures.ts";
import { makeConvex, makeConvexStore } from "../harness.ts";
import { conflict, conflictReasons, type AccessSet } from "./access-sets.ts";
import { recordingCtx } from "./recording-db.ts";

export const WORKSPACES = 50;
export const SUBMITS = 200;
export const CLAIMS = 16;
export const COMPLETES = 16;

export interface Transaction extends AccessSet {
  kind: "submit" | "claim" | "complete";
  /** The workspace submitted into, claimed from or completed in. */
  workspaceId: string | null;
}

export interface PairFigures {
  pairs: number;
  conflicting: number;
  /** Tables/indexes that made pairs of this kind conflict, with how many pairs each. */
  reasons: Record<string, number>;
}

export type Category =
  | "submit/submit same workspace"
  | "submit/submit other workspace"
  | "claim/claim"
  | "claim/submit"
  | "claim/complete"
  | "complete/complete"
  | "complete/submit";

export interface WorkloadFigures {
  transactions: Transaction[];
  all: PairFigures;
  byCategory: Record<Category, PairFigures>;
}

/**
 * The mixed workload of issue 18, as one moment of a busy deployment: 200 submits across 50
 * workspaces, 16 claims and 16 completions that Convex would run at the same time. convex-test
 * runs them one after another; each one's read and write sets are recorded, and every pair is
 * judged by Convex's OCC rule as if the two had run concurrently.
 *
 * Before the batch, each workspace has one job waiting (so claims have work) and 16 jobs are
 * running (so there is something to complete).
 */
export async function runMixedWorkload(): Promise<WorkloadFigures> {
  const t = makeConvex();
  const f = new Fixture(makeConvexStore(t));
  const actors: Actor[] = [];
  for (let i = 0; i < WORKSPACES; i++) actors.push(await f.actor("PRO"));
  const channel = (i: number) => `discord:channel-${i % WORKSPACES}`;
  const running: Job[] = [];
  for (let i = 0; i < COMPLETES; i++) {
    await f.submit(actors[i]!, { channelKey: channel(i) });
    running.push((await f.claim(`setup-${i}`))!);
  }
  for (let i = 0; i < WORKSPACES; i++) await f.submit(actors[i]!, { channelKey: channel(i) });

  const transactions: Transaction[] = [];
  const record = async <T>(kind: Transaction["kind"], workspaceId: string | null, label: string, body: (ctx: any) => Promise<T>): Promise<T> => {
    const set: Transaction = { kind, workspaceId, label, reads: [], writes: [] };
    const result = await t.run((ctx) => body(recordingCtx(ctx, set)));
    transactions.push(set);
    return result;
  };

  const now = T0 + 1_000;
  const claimEvery = Math.floor(SUBMITS / CLAIMS);
  for (let i = 0; i < SUBMITS; i++) {
    const actor = actors[i % WORKSPACES]!;
    const job = f.newJob(actor, { now, channelKey: channel(i) });
    await record("submit", actor.workspace.id, `submit ${i}`, async (ctx) => unwrap(await submitJob(ctx, job, NO_LIMITS)));
    if (i % claimEvery === claimEvery - 1) {
      const k = transactions.filter((x) => x.kind === "claim").length;
      const set = { claimed: null as Job | null };
      await record("claim", null, `claim ${k}`, async (ctx) => {
        set.claimed = await claimJob(ctx, {
          workerId: `worker-${k}`,
          now,
          leaseMs: LEASE_MS,
          providers: [...PROVIDER_IDS],
          maxRunningPerMember: { FREE: 100, PRO: 100, ENTERPRISE: 100 },
        });
      });
      transactions.at(-1)!.workspaceId = set.claimed?.workspaceId ?? null;
      const done = running[k]!;
      await record("complete", done.workspaceId, `complete ${k}`, (ctx) =>
        completeJob(ctx, {
          jobId: done.id,
          workerId: done.leaseOwner!,
          images: f.images(1, 1_000, now),
          providerMs: 1_000,
          uploadMs: 50,
          providerCostUsd: 0.01,
          now,
          channelShareToken: `share-${k}`,
        }),
      );
    }
  }
  return judge(transactions);
}

function categoryOf(a: Transaction, b: Transaction): Category {
  const kinds = [a.kind, b.kind].sort().join("/");
  if (kinds === "submit/submit") return a.workspaceId === b.workspaceId ? "submit/submit same workspace" : "submit/submit other workspace";
  return kinds as Category;
}

export function judge(transactions: Transaction[]): WorkloadFigures {
  const empty = (): PairFigures => ({ pairs: 0, conflicting: 0, reasons: {} });
  const all = empty();
  const byCategory = {} as Record<Category, PairFigures>;
  for (let i = 0; i < transactions.length; i++) {
    for (let j = i + 1; j < transactions.length; j++) {
      const [a, b] = [transactions[i]!, transactions[j]!];
      const figures = (byCategory[categoryOf(a, b)] ??= empty());
      all.pairs++;
      figures.pairs++;
      if (!conflict(a, b)) continue;
      all.conflicting++;
      figures.conflicting++;
      for (const reason of conflictReasons(a, b)) figures.reasons[reason] = (figures.reasons[reason] ?? 0) + 1;
    }
  }
  return { transactions, all, byCategory };
}

/** "12.3% (456 of 3,700 pairs)" */
export function share(figures: PairFigures): string {
  const percent = figures.pairs === 0 ? 0 : (100 * figures.conflicting) / figures.pairs;
  return `${percent.toFixed(1)}% (${figures.conflicting} of ${figures.pairs} pairs)`;
}
