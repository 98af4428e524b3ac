import { v } from "convex/values";
import { installationKey, type Installation, type InstallationKey } from "../../core/ports/installation-store.ts";
import type { Doc } from "../_generated/dataModel.js";
import type { MutationCtx, QueryCtx } from "../_generated/server.js";
import { nullable, vPlatform } from "./validators.ts";

/** InstallationKey (core/ports/installation-store.ts). */
export const vInstallationKey = { platform: vPlatform, teamId: nullable(v.string()), enterpriseId: nullable(v.string()) };

/** Installation, as the port has it: `appId` is the platform's app id here (the row's `platformAppId`). */
export const vInstallation = {
  ...vInstallationKey,
  workspaceId: nullable(v.string()),
  appId: nullable(v.string()),
  botUserId: nullable(v.string()),
  botId: nullable(v.string()),
  botScopes: v.array(v.string()),
  encryptedBotToken: v.string(),
  installedByUserId: nullable(v.string()),
  createdAt: v.number(),
  updatedAt: v.number(),
};

export function toInstallation(doc: Doc<"installations">): Installation {
  const { _id, _creationTime, appId: _key, platformAppId, ...rest } = doc;
  return { ...rest, appId: platformAppId };
}

/** The row's fields for an installation stored under `key`. */
export function installationFields(key: string, { appId, ...rest }: Installation): Omit<Doc<"installations">, "_id" | "_creationTime"> {
  return { ...rest, appId: key, platformAppId: appId };
}

export function byKey(ctx: QueryCtx, key: string): Promise<Doc<"installations"> | null> {
  return ctx.db
    .query("installations")
    .withIndex("by_app_id", (q) => q.eq("appId", key))
    .unique();
}

/** Inserts, or replaces the row with the same key keeping its createdAt. */
export async function saveInstallation(ctx: MutationCtx, installation: Installation): Promise<void> {
  const key = installationKey(installation);
  const existing = await byKey(ctx, key);
  const fields = installationFields(key, installation);
  if (existing) await ctx.db.replace(existing._id, { ...fields, createdAt: existing.createdAt });
  else await ctx.db.insert("installations", fields);
}

/** The team's own installation; failing that, with an enterprise, its org-wide one (teamId null). */
export async function findInstallation(ctx: QueryCtx, { platform, teamId, enterpriseId }: InstallationKey): Promise<Installation | null> {
  const own = teamId
    ? await ctx.db
        .query("installations")
        .withIndex("by_platform_team", (q) => q.eq("platform", platform).eq("teamId", teamId))
        .first()
    : null;
  const doc =
    own ??
    (enterpriseId
      ? await ctx.db
          .query("installations")
          .withIndex("by_platform_enterprise_team", (q) => q.eq("platform", platform).eq("enterpriseId", enterpriseId).eq("teamId", null))
          .unique()
      : null);
  return doc ? toInstallation(doc) : null;
}

/** False when nothing is stored under exactly this key. */
export async function removeInstallation(ctx: MutationCtx, key: InstallationKey): Promise<boolean> {
  const doc = await byKey(ctx, installationKey(key));
  if (!doc) return false;
  await ctx.db.delete(doc._id);
  return true;
}
