import { v } from "convex/values";
import { findInstallation, removeInstallation, saveInstallation, vInstallation, vInstallationKey } from "./model/installations.ts";
import { serviceMutation, serviceQuery } from "./model/serviceFunctions.ts";
import { nullable } from "./model/validators.ts";

/** OAuth installations (InstallationStore, core/ports/installation-store.ts); tokens arrive sealed. */

/** Inserts, or replaces the installation with the same key, keeping its createdAt. */
export const save = serviceMutation({
  args: vInstallation,
  returns: v.null(),
  handler: async (ctx, installation) => {
    await saveInstallation(ctx, installation);
    return null;
  },
});

/** The team's own installation, else its enterprise's org-wide one; null when neither. */
export const find = serviceQuery({
  args: vInstallationKey,
  returns: nullable(v.object(vInstallation)),
  handler: (ctx, key) => findInstallation(ctx, key),
});

/** Deletes exactly this key's installation; false when there was none. */
export const remove = serviceMutation({
  args: vInstallationKey,
  returns: v.boolean(),
  handler: (ctx, key) => removeInstallation(ctx, key),
});

