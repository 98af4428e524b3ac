import type { ProviderId } from "../domain/models.ts";
import type { ImageProvider } from "../ports/image-provider.ts";
import { createLocalProvider } from "./local/local-provider.ts";

export interface ProviderSettings {
  providers: readonly ProviderId[];
}

/** One ImageProvider per configured provider id. */
export function createProviders(settings: ProviderSettings): Map<ProviderId, ImageProvider> {
  const map = new Map<ProviderId, ImageProvider>();
  for (const id of settings.providers) {
    if (id === "local") map.set(id, createLocalProvider());
  }
  return map;
}
