import { effectiveDailyCap } from "../domain/credits.ts";
import type { LedgerEntry } from "../domain/ledger.ts";
import { PLANS, type Plan } from "../domain/plans.ts";
import { utcDay, type UsageDay } from "../domain/usage.ts";
import type { Workspace } from "../domain/workspace.ts";
import { sideLabel, type WorkspaceLink } from "../domain/workspace-link.ts";
import { rollUp, type UsageTotals } from "../domain/rules/spend.ts";
import type { ResolvedActor } from "./actor.ts";
import type { EngineOptions } from "./engine-options.ts";
import { usageBreakdown, type UsageBreakdown } from "./usage-breakdown.ts";

/** Usage over a window, as /credits shows it (creditsSpent is net of refunds, rules/spend.ts). */
export type { UsageTotals };

/** /credits looks back this many UTC days, today included. */
export const CREDITS_WINDOW_DAYS = 30;
const DAY_MS = 86_400_000;

export interface CreditsSummary {
  workspace: Workspace;
  /** The window every "last 30 days" figure covers: UTC days "YYYY-MM-DD", both included. */
  from: string;
  to: string;
  plan: Plan;
  spentToday: number;
  dailyCap: number | null;
  /** The asking member's last 30 days. */
  mine: UsageTotals;
  /** Admins only: every member's last 30 days, by user id, biggest spender first. */
  members: { userId: string; name: string; totals: UsageTotals }[] | null;
  /** Admins only: the workspace's per-model use, refunds and success rate over 30 days. */
  breakdown: UsageBreakdown | null;
  /** Admins only: the latest ledger entries. */
  ledger: LedgerEntry[] | null;
  /**
   * Admins only: the workspace's usage rows over [from, to], as read once for the figures
   * above, so the chart (credits-chart.ts) draws the same data without reading it again.
   */
  usageRows: readonly UsageDay[] | null;
  isAdmin: boolean;
  /** Set while the workspace shares a credit pool (#19): the pool's balance and each side's use. */
  pool: PoolUsage | null;
}

export interface PoolUsage {
  /** How the other side is named, e.g. `Slack workspace "Acme"`. */
  partner: string;
  /** Whether this workspace holds the pool (the owner) or joined it. */
  side: "owner" | "joiner";
  balance: number;
  linkedAt: number;
  /** Each side's last 30 days (net credits spent, images), this side first. */
  sides: { label: string; totals: UsageTotals }[];
}

/** What /credits shows: balance and plan for everyone, per-member usage and the ledger for admins. */
export async function creditsSummary(options: EngineOptions, actor: ResolvedActor): Promise<CreditsSummary> {
  const { store, clock } = options;
  const now = clock.now();
  const today = utcDay(now);
  const from = utcDay(now - (CREDITS_WINDOW_DAYS - 1) * DAY_MS);
  const workspace = (await store.workspaces.get(actor.workspace.id)) ?? actor.workspace;
  const rows = await store.usage.list({ workspaceId: workspace.id, fromDate: from, toDate: today });
  const mine = rows.filter((r) => r.userId === actor.user.id);
  let members: CreditsSummary["members"] = null;
  if (actor.isAdmin) {
    const byUser = new Map<string, UsageDay[]>();
    for (const r of rows) byUser.set(r.userId, [...(byUser.get(r.userId) ?? []), r]);
    const ranked = [...byUser].map(([userId, r]) => ({ userId, totals: rollUp(r) })).sort((a, b) => b.totals.creditsSpent - a.totals.creditsSpent);
    members = await Promise.all(
      ranked.slice(0, 25).map(async (m) => ({ ...m, name: (await store.workspaces.getUser(m.userId))?.displayName ?? m.userId })),
    );
  }
  const link = await store.links.active(workspace.id);
  // While pooled, the balance and (for admins) the ledger are the pool's, which the owner holds.
  const pool = link ? await poolUsage(options, workspace, link, rows, from, today) : null;
  return {
    workspace,
    from,
    to: today,
    plan: PLANS[workspace.plan],
    spentToday: await store.usage.spentOn(workspace.id, actor.user.id, today),
    dailyCap: effectiveDailyCap(workspace.settings.memberDailyCap, actor.member.dailyCapOverride),
    mine: rollUp(mine),
    members,
    breakdown: actor.isAdmin ? usageBreakdown(rows) : null,
    ledger: actor.isAdmin ? await store.credits.list(link?.ownerWorkspaceId ?? workspace.id, 10) : null,
    usageRows: actor.isAdmin ? rows : null,
    isAdmin: actor.isAdmin,
    pool,
  };
}

async function poolUsage(
  { store }: EngineOptions,
  workspace: Workspace,
  link: WorkspaceLink,
  rows: readonly UsageDay[],
  from: string,
  to: string,
): Promise<PoolUsage> {
  const partnerId = link.ownerWorkspaceId === workspace.id ? link.joinerWorkspaceId : link.ownerWorkspaceId;
  const [partner, owner, partnerRows] = await Promise.all([
    store.workspaces.get(partnerId),
    link.ownerWorkspaceId === workspace.id ? workspace : store.workspaces.get(link.ownerWorkspaceId),
    store.usage.list({ workspaceId: partnerId, fromDate: from, toDate: to }),
  ]);
  const partnerLabel = partner ? sideLabel(partner) : "the linked workspace";
  return {
    partner: partnerLabel,
    side: link.ownerWorkspaceId === workspace.id ? "owner" : "joiner",
    balance: owner?.balance ?? 0,
    linkedAt: link.linkedAt,
    sides: [
      { label: sideLabel(workspace), totals: rollUp(rows) },
      { label: partnerLabel, totals: rollUp(partnerRows) },
    ],
  };
}
