import { reject, type Rejection } from "../rejections.ts";
import { err, ok, type Result } from "../result.ts";
import type { Platform } from "../workspace.ts";
import { sideLabel, type LinkCode, type WorkspaceLink } from "../workspace-link.ts";
import type { BookEntry, Effect } from "./effects.ts";

/**
 * One team, one pool, both platforms (#19). The model, decided once here for both stores:
 *
 * - An admin of workspace A asks for a one-time code; an admin of workspace B (another
 *   platform) enters it. A becomes the pool's owner, B the joiner.
 * - Linking moves B's whole balance into A's with two balanced entries (B -x, A +x) and makes
 *   the link active. From then on every booking of B (charges, refunds, refills, grants) is
 *   written to A's ledger and balance (`routeBooking`), naming B in its reason; B's own balance
 *   stays 0 and equals its ledger sum. Each side keeps its own plan limits and settings.
 * - Unlinking spends nothing back: B gets what it put in net of what its members spent
 *   (`joinerNet`), floored at 0 and capped at the pool's balance; A keeps the rest. Two
 *   balanced entries again (A -y, B +y).
 */

/** A link code is good for ten minutes. */
export const LINK_CODE_TTL_MS = 10 * 60_000;

export interface LinkSide {
  id: string;
  platform: Platform;
  name: string;
  balance: number;
}

/** What a store reads, in its one transaction, before redeeming a code. */
export interface LinkSnapshot {
  /** The code row under the entered code's hash, if any. */
  code: LinkCode | null;
  /** The code's workspace (the would-be owner); null when the code is unknown or it is gone. */
  owner: LinkSide | null;
  /** The workspace whose admin entered the code. */
  joiner: LinkSide;
  /** Whether each side has an active link already, in either role. */
  ownerLinked: boolean;
  joinerLinked: boolean;
}

export const linkRejections = {
  unknownCode: (): Rejection =>
    reject("LINK_CODE_UNKNOWN", "That link code is not one Pixorly issued. Check it, or ask the other side's admin for a new one with /link."),
  expired: (): Rejection =>
    reject("LINK_CODE_EXPIRED", "That link code has expired (codes last 10 minutes). Ask the other side's admin for a new one with /link."),
  used: (): Rejection => reject("LINK_CODE_USED", "That link code was already used; each code links once. Ask for a new one with /link."),
  self: (): Rejection => reject("LINK_NOT_ALLOWED", "That code came from this workspace. Enter it on the other platform's side."),
  samePlatform: (platform: Platform): Rejection =>
    reject(
      "LINK_NOT_ALLOWED",
      `That code came from another ${platform === "discord" ? "Discord server" : `${platform} workspace`}; a link joins a Discord server with a Slack workspace.`,
    ),
  alreadyLinked: (which: "this" | "other"): Rejection =>
    reject(
      "ALREADY_LINKED",
      which === "this"
        ? "This workspace already shares a credit pool. /unlink it first to link another."
        : "The workspace that issued this code already shares a credit pool with another workspace.",
    ),
  notLinked: (): Rejection => reject("NOT_LINKED", "This workspace does not share a credit pool. /link starts one."),
};

/** Whether a new code may be issued for a workspace (one that is linked already may not). */
export function decideNewCode(linked: boolean): Rejection | null {
  return linked ? linkRejections.alreadyLinked("this") : null;
}

/**
 * Redeeming a code, in this order: unknown -> used -> expired -> the same workspace -> the same
 * platform -> either side already linked. A rejection changes nothing (the code stays usable
 * when it was not the code's fault). Accepted: the code is spent, the joiner's balance moves
 * into the owner's, and the link becomes active, all in the store's one transaction.
 */
export function decideLink(snapshot: LinkSnapshot, input: { linkId: string; now: number }): Result<{ link: WorkspaceLink; effects: Effect[] }, Rejection> {
  const { code, owner, joiner } = snapshot;
  if (!code || !owner) return err(linkRejections.unknownCode());
  if (code.usedAt !== null) return err(linkRejections.used());
  if (input.now >= code.expiresAt) return err(linkRejections.expired());
  if (owner.id === joiner.id) return err(linkRejections.self());
  if (owner.platform === joiner.platform) return err(linkRejections.samePlatform(owner.platform));
  if (snapshot.joinerLinked) return err(linkRejections.alreadyLinked("this"));
  if (snapshot.ownerLinked) return err(linkRejections.alreadyLinked("other"));

  const moved = joiner.balance;
  const link: WorkspaceLink = {
    id: input.linkId,
    ownerWorkspaceId: owner.id,
    joinerWorkspaceId: joiner.id,
    joinerLabel: sideLabel(joiner),
    contributed: moved,
    joinerNet: moved,
    linkedAt: input.now,
    unlinkedAt: null,
    ownerKept: null,
    joinerKept: null,
  };
  const effects: Effect[] = [{ type: "useLinkCode", codeHash: code.codeHash, linkId: link.id, now: input.now }];
  if (moved > 0) {
    effects.push(
      transfer(joiner.id, -moved, `Linked with ${sideLabel(owner)}: ${moved} credits moved into the shared pool`, `link:${link.id}:out`, input.now),
      transfer(owner.id, moved, `Linked with ${sideLabel(joiner)}: ${moved} credits moved in from its balance`, `link:${link.id}:in`, input.now),
    );
  }
  effects.push({ type: "insertLink", link });
  return ok({ link, effects });
}

/** What each side keeps when a link ends; the two always add up to the pool's balance. */
export function unlinkSplit(link: Pick<WorkspaceLink, "joinerNet">, poolBalance: number): { ownerKeeps: number; joinerKeeps: number } {
  const joinerKeeps = Math.min(Math.max(0, poolBalance), Math.max(0, link.joinerNet));
  return { joinerKeeps, ownerKeeps: poolBalance - joinerKeeps };
}

/** What a store reads before ending a link. */
export interface UnlinkSnapshot {
  /** The workspace's active link, in either role. */
  link: WorkspaceLink | null;
  owner: Pick<LinkSide, "platform" | "name" | "balance">;
  joiner: Pick<LinkSide, "platform" | "name">;
}

/**
 * Ending a link (an admin of either side, or the operator): the link ends first, then the
 * joiner's share (unlinkSplit) moves back from the owner's ledger to its own.
 */
export function decideUnlink(
  snapshot: UnlinkSnapshot,
  now: number,
): Result<{ link: WorkspaceLink; effects: Effect[] }, Rejection> {
  const { link, owner, joiner } = snapshot;
  if (!link || link.unlinkedAt !== null) return err(linkRejections.notLinked());
  const { ownerKeeps, joinerKeeps } = unlinkSplit(link, owner.balance);
  const effects: Effect[] = [{ type: "endLink", linkId: link.id, ownerKept: ownerKeeps, joinerKept: joinerKeeps, now }];
  if (joinerKeeps > 0) {
    effects.push(
      transfer(link.ownerWorkspaceId, -joinerKeeps, `Unlinked from ${sideLabel(joiner)}: ${joinerKeeps} credits went back to it`, `unlink:${link.id}:out`, now),
      transfer(link.joinerWorkspaceId, joinerKeeps, `Unlinked from ${sideLabel(owner)}: ${joinerKeeps} credits back from the shared pool`, `unlink:${link.id}:in`, now),
    );
  }
  return ok({ link: { ...link, unlinkedAt: now, ownerKept: ownerKeeps, joinerKept: joinerKeeps }, effects });
}

/** Where a booking of `workspaceId` is written, given the workspace's active link as joiner (if any). */
export interface BookingRoute {
  /** The workspace whose balance and ledger take the entry. */
  accountId: string;
  reason: string;
  /** Set when routed to a pool: the link whose `joinerNet` moves by the entry's amount. */
  linkId: string | null;
}

/** A joiner's bookings go to its pool owner, naming the joiner; everything else books where it was made. */
export function routeBooking(
  workspaceId: string,
  reason: string,
  asJoiner: Pick<WorkspaceLink, "id" | "ownerWorkspaceId" | "joinerLabel"> | null,
): BookingRoute {
  if (!asJoiner) return { accountId: workspaceId, reason, linkId: null };
  return { accountId: asJoiner.ownerWorkspaceId, reason: `${reason} (${asJoiner.joinerLabel})`, linkId: asJoiner.id };
}

function transfer(workspaceId: string, amount: number, reason: string, dedupeKey: string, now: number): BookEntry {
  return { type: "book", workspaceId, kind: "adjustment", amount, reason, userId: null, jobId: null, dedupeKey, now };
}
