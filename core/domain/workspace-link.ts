import type { Platform } from "./workspace.ts";

/**
 * Two workspaces of different platforms sharing one credit pool (#19). The owner (whose admin
 * asked for the code) holds the pool's balance and ledger; while the link is active every
 * booking of the joiner goes to the owner's ledger (rules/link.ts `routeBooking`). Rows stay
 * after unlinking, as the record of what each side kept.
 */
export interface WorkspaceLink {
  id: string;
  ownerWorkspaceId: string;
  joinerWorkspaceId: string;
  /** How the joiner is named in the pool's ledger reasons, e.g. `Slack workspace "Acme"`. */
  joinerLabel: string;
  /** The joiner's balance, moved into the pool when the link was made. */
  contributed: number;
  /**
   * What the joiner's side put into the pool net of what it took out: `contributed` plus every
   * booking of the joiner routed to the pool (refills and grants add, charges take, refunds give
   * back). Unlinking returns this to the joiner, floored at 0 and capped at the pool's balance.
   */
  joinerNet: number;
  linkedAt: number;
  /** Null while the link is active. */
  unlinkedAt: number | null;
  /** Set when unlinked: the credits each side kept. */
  ownerKept: number | null;
  joinerKept: number | null;
}

/** A one-time link code as stored: only its SHA-256 hash, never the code. */
export interface LinkCode {
  codeHash: string;
  /** The workspace that asked for it: the pool owner if it is redeemed. */
  workspaceId: string;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
}

const PLATFORM_NAMES: Record<Platform, string> = {
  discord: "Discord server",
  slack: "Slack workspace",
  console: "console workspace",
  clerk: "web account",
};

/** `Discord server "Guild"`: how replies and ledger reasons name one side of a link. */
export function sideLabel(workspace: { platform: Platform; name: string }): string {
  return `${PLATFORM_NAMES[workspace.platform]} "${workspace.name}"`;
}
