import { z } from "zod";
import type { ModelCatalog } from "./models.ts";
import { reject, type Rejection } from "./rejections.ts";
import { err, ok, type Result } from "./result.ts";
import type { WorkspaceSettings } from "./workspace.ts";

/** What an admin may change with /settings; every field optional, unknown fields refused. */
export const settingsPatchSchema = z
  .object({
    defaultModel: z.string().min(1).nullable(),
    allowedModels: z.array(z.string().min(1)).max(50),
    blockWords: z.array(z.string().trim().min(1).max(100)).max(500).nullable(),
    memberDailyCap: z.number().int().min(0).max(1_000_000).nullable(),
    sharingEnabled: z.boolean(),
    allowedChannels: z.array(z.string().min(1)).max(500),
    nsfw: z.enum(["block", "allow"]),
  })
  .partial()
  .strict();

/** Checks a settings change against the catalog so a workspace can never point at a missing model. */
export function validateSettingsPatch(raw: unknown, catalog: ModelCatalog): Result<Partial<WorkspaceSettings>, Rejection> {
  const parsed = settingsPatchSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return err(reject("INVALID_REQUEST", `Setting ${issue.path.join(".") || "?"}: ${issue.message}.`));
  }
  const patch = parsed.data;
  const known = (id: string) => Boolean(catalog.get(id));
  const unknown = [...(patch.allowedModels ?? []), ...(patch.defaultModel ? [patch.defaultModel] : [])].filter((id) => !known(id));
  if (unknown.length) {
    return err(reject("UNKNOWN_MODEL", `Unknown model ${unknown.join(", ")}. Available: ${catalog.models.map((m) => m.id).join(", ")}.`));
  }
  if (patch.defaultModel && patch.allowedModels?.length && !patch.allowedModels.includes(patch.defaultModel)) {
    return err(reject("INVALID_REQUEST", "The default model must be one of the allowed models."));
  }
  return ok(patch);
}
