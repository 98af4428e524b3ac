import { newId } from "../../core/domain/ids.ts";
import type { LedgerEntry } from "../../core/domain/ledger.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import { ok, type Result } from "../../core/domain/result.ts";
import { decideBooking } from "../../core/domain/rules/booking.ts";
import { routeBooking } from "../../core/domain/rules/link.ts";
import type { BookEntry } from "../../core/domain/rules/effects.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { joinerLinkOf } from "./links.ts";
import { byAppId } from "./lookup.ts";
import { toLedgerEntry } from "./mappers.ts";

/** What one booking writes: the rule's `book` effect, for the workspace the caller already read. */
export type LedgerInput = Omit<BookEntry, "type" | "workspaceId">;

export async function findByDedupeKey(ctx: QueryCtx, dedupeKey: string): Promise<Doc<"ledger"> | null> {
  return ctx.db
    .query("ledger")
    .withIndex("by_dedupe_key", (q) => q.eq("dedupeKey", dedupeKey))
    .unique();
}

/**
 * The only writer of `workspaces.balance`: inserts the entry and moves the balance in the
 * caller's transaction, so the balance always equals the ledger sum. The rules are
 * core/domain/rules/booking.ts (dedupe, never below zero) and, for a workspace that joined a
 * pool, rules/link.ts `routeBooking`: the entry goes to the pool owner's ledger and balance.
 */
export async function appendEntry(
  ctx: MutationCtx,
  bookedFor: Doc<"workspaces">,
  input: LedgerInput,
): Promise<Result<LedgerEntry, Rejection>> {
  const asJoiner = await joinerLinkOf(ctx, bookedFor.appId);
  const route = routeBooking(bookedFor.appId, input.reason, asJoiner && { id: asJoiner.appId, ownerWorkspaceId: asJoiner.ownerWorkspaceId, joinerLabel: asJoiner.joinerLabel });
  const workspace = asJoiner ? await byAppId(ctx, "workspaces", route.accountId) : bookedFor;
  const existing = input.dedupeKey === null ? null : await findByDedupeKey(ctx, input.dedupeKey);
  const booking = decideBooking({ balance: workspace?.balance ?? null, existing: existing ? toLedgerEntry(existing) : null }, input.amount);
  if (!booking.ok) return booking;
  if ("existing" in booking.value) return ok(booking.value.existing);
  const { balanceAfter } = booking.value;
  if (!workspace) throw new Error(`pool ${route.accountId} is gone`);
  if (asJoiner) await ctx.db.patch(asJoiner._id, { joinerNet: asJoiner.joinerNet + input.amount });
  const doc = {
    appId: newId("led", input.now),
    workspaceId: workspace.appId,
    userId: input.userId,
    jobId: input.jobId,
    kind: input.kind,
    amount: input.amount,
    balanceAfter,
    reason: route.reason,
    dedupeKey: input.dedupeKey,
    createdAt: input.now,
  };
  await ctx.db.insert("ledger", doc);
  await ctx.db.patch(workspace._id, { balance: balanceAfter, updatedAt: input.now });
  // Callers may append twice in one transaction (a refund after a charge): keep their copy current.
  Object.assign(workspace, { balance: balanceAfter, updatedAt: input.now });
  const { appId, ...entry } = doc;
  return ok({ id: appId, ...entry });
}
