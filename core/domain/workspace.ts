import type { PlanId } from "./plans.ts";

export type Platform = "discord" | "slack" | "console" | "clerk";

export type NsfwPolicy = "block" | "allow";

/** Workspace settings that admins change; every field has a default so old rows stay valid. */
export interface WorkspaceSettings {
  defaultModel: string | null;
  /** Empty means every model in the catalog. */
  allowedModels: string[];
  /** Null means the built-in default block list. */
  blockWords: string[] | null;
  /** Credits one member may spend per UTC day; null means no cap. */
  memberDailyCap: number | null;
  sharingEnabled: boolean;
  /** Empty means every channel. */
  allowedChannels: string[];
  nsfw: NsfwPolicy;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = {
  defaultModel: null,
  allowedModels: [],
  blockWords: null,
  memberDailyCap: null,
  sharingEnabled: true,
  allowedChannels: [],
  nsfw: "block",
};

/**
 * A stored NSFW policy as a run obeys it, failing closed: only an explicit "allow" allows;
 * anything else (missing, malformed, an older deployment's answer) is the default, "block".
 */
export function nsfwPolicyOf(stored: unknown): NsfwPolicy {
  return stored === "allow" ? "allow" : DEFAULT_WORKSPACE_SETTINGS.nsfw;
}

/** The billing account: a Discord guild, a Slack team, the local console, or a Clerk user's own space. */
export interface Workspace {
  id: string;
  platform: Platform;
  /** Guild id, Slack team id, "local", or the Clerk user id. */
  externalId: string;
  name: string;
  plan: PlanId;
  /** Always equal to the sum of the workspace's ledger entries; never negative. */
  balance: number;
  storageUsedBytes: number;
  storageQuotaBytes: number;
  settings: WorkspaceSettings;
  active: boolean;
  stripeCustomerId: string | null;
  stripeSubscriptionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface User {
  id: string;
  clerkId: string | null;
  email: string | null;
  displayName: string | null;
  imageUrl: string | null;
  preferences: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export type MemberRole = "member" | "admin";

export interface Member {
  id: string;
  workspaceId: string;
  userId: string;
  role: MemberRole;
  /** Overrides the workspace's member daily cap when set. */
  dailyCapOverride: number | null;
  banned: boolean;
  createdAt: number;
}
