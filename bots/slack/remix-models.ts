import { acceptsImageInput, type ModelCatalog } from "../../core/domain/models.ts";
import { plural } from "../../core/commands/plural.ts";

/**
 * The remix form's model choices: [id, label] for `ids` (a remix draft's image models), or
 * for every catalog model that takes an input image and the workspace allows (empty
 * `allowedModels`: all). The label says what an edit costs, as the catalog prices it.
 */
export function remixModelChoices(catalog: ModelCatalog, allowedModels: readonly string[], ids?: readonly string[]): [string, string][] {
  const models = ids
    ? ids.flatMap((id) => catalog.get(id) ?? [])
    : catalog.models.filter((m) => acceptsImageInput(m) && (allowedModels.length === 0 || allowedModels.includes(m.id)));
  return models.map((m) => [m.id, `${m.displayName} · ${plural(m.imageInput?.creditsPerImage ?? m.creditsPerImage, "credit")}`]);
}
