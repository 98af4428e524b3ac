import { z } from "zod";
import { rollUpByDay } from "../../../core/domain/rules/spend.ts";
import { utcDay } from "../../../core/domain/usage.ts";
import type { AdminCommand } from "../admin-command.ts";
import { workspaceRef } from "../arg-schemas.ts";
import { findWorkspace } from "../lookups.ts";
import { formatBytes, renderFields, renderTable } from "../render-table.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const USAGE_DAYS = 30;
const LEDGER_ENTRIES = 10;

export const workspace: AdminCommand<{ workspace: string }> = {
  name: "workspace",
  usage: "<workspace>",
  summary: `One workspace: details, members, daily usage of the last ${USAGE_DAYS} days and the latest ledger entries`,
  positionals: ["workspace"],
  schema: z.strictObject({ workspace: workspaceRef }),
  async run(ctx, args) {
    const store = await ctx.store();
    const found = await findWorkspace(store, args.workspace);
    const now = ctx.clock.now();
    const members = await Promise.all(
      (await store.workspaces.listMembers(found.id)).map(async (member) => ({
        ...member,
        displayName: (await store.workspaces.getUser(member.userId))?.displayName ?? null,
      })),
    );
    const usage = await store.usage.list({ workspaceId: found.id, fromDate: utcDay(now - (USAGE_DAYS - 1) * DAY_MS), toDate: utcDay(now) });
    const ledger = await store.credits.list(found.id, LEDGER_ENTRIES);
    const link = await store.links.active(found.id);

    const days = rollUpByDay(usage);
    const settings = found.settings;
    const text = [
      renderFields([
        ["id", found.id],
        ["platform", `${found.platform}:${found.externalId}`],
        ["name", found.name],
        ["plan", found.plan],
        ["balance", `${found.balance} credits`],
        // A joiner's own balance stays 0 while linked: say where its credits are.
        ["credit pool", link ? `${link.id}: ${link.ownerWorkspaceId === found.id ? `holds the pool shared with ${link.joinerWorkspaceId}` : `spends from ${link.ownerWorkspaceId}'s pool`}` : "own"],
        ["storage", `${formatBytes(found.storageUsedBytes)} of ${formatBytes(found.storageQuotaBytes)}`],
        ["active", found.active ? "yes" : "no"],
        ["member daily cap", settings.memberDailyCap ?? "none"],
        ["block words", settings.blockWords === null ? "the built-in list" : settings.blockWords.join(", ") || "none"],
      ]),
      "",
      `Members (${members.length})`,
      renderTable(
        ["ID", "NAME", "ROLE", "DAILY CAP", "BANNED"],
        members.map((m) => [m.id, m.displayName ?? "-", m.role, m.dailyCapOverride ?? "-", m.banned ? "yes" : "no"]),
      ),
      "",
      `Usage, last ${USAGE_DAYS} days`,
      renderTable(
        ["DATE", "REQUESTED", "COMPLETED", "FAILED", "IMAGES", "CREDITS"],
        [...days].map(([date, d]) => [date, d.requested, d.completed, d.failed, d.images, d.creditsSpent]),
      ),
      "",
      "Latest ledger entries",
      renderTable(
        ["WHEN", "KIND", "AMOUNT", "BALANCE", "REASON"],
        ledger.map((e) => [new Date(e.createdAt).toISOString().slice(0, 16).replace("T", " "), e.kind, e.amount, e.balanceAfter, e.reason]),
      ),
    ].join("\n");
    return { text, json: { workspace: found, members, usage, ledger, link } };
  },
};
