import { plural } from "../../core/commands/plural.ts";
import { acceptsImageInput, canBlockNsfw, type ModelCatalog } from "../../core/domain/models.ts";
import type { WorkspaceSettings } from "../../core/domain/workspace.ts";

/**
 * The remix form's model choices as [id, label]: `ids` (a remix draft's image models) or, for
 * the shortcut, the same rule engine.remixDraft applies: catalog models that take an input
 * image, allowed in the workspace, and able to block NSFW where the workspace blocks it. The
 * label says what an edit costs, as the catalog prices it.
 */
export function remixModelChoices(catalog: ModelCatalog, settings: Pick<WorkspaceSettings, "allowedModels" | "nsfw">, ids?: readonly string[]): [string, string][] {
  const models = ids
    ? ids.flatMap((id) => catalog.get(id) ?? [])
    : catalog.models.filter(
        (m) => acceptsImageInput(m) && (settings.allowedModels.length === 0 || settings.allowedModels.includes(m.id)) && (settings.nsfw !== "block" || canBlockNsfw(m)),
      );
  return models.map((m) => [m.id, `${m.displayName} · ${plural(acceptsImageInput(m) ? m.imageInput.creditsPerImage : m.creditsPerImage, "credit")} an image`]);
}
