import { ButtonStyle, ComponentType, type APIButtonComponentWithCustomId, type APIEmbed } from "discord.js";
import type { Image } from "../../core/domain/image.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { LIMITS, truncate } from "./limits.ts";
import { inertContent, inertUserText } from "./inert-text.ts";
import { NO_MENTIONS, type MessageBody } from "./outgoing-message.ts";

export interface ImagePage {
  /** Our markdown; words people typed in it must already be inertUserText. */
  header: string;
  images: readonly Image[];
  /** Buttons under the page (previous, next, switch view); custom ids are built by the caller. */
  buttons: readonly { customId: string; label: string }[];
}

/**
 * A page of images (a collection, search results) as embeds. Thumbnails only when our URLs are
 * public: attaching a whole page of images would be slow and large, and /show attaches one.
 */
export function renderImagePage(page: ImagePage, storage: ObjectStorage): MessageBody {
  const embeds: APIEmbed[] = page.images.slice(0, LIMITS.embeds).map((image) => ({
    title: truncate(inertUserText(image.prompt.replace(/\s+/g, " ")), LIMITS.embedTitle),
    description: `\`${image.jobId}\` · ${image.model} · seed ${image.seed}`,
    ...(storage.publicUrls ? { image: { url: imageUrl(storage, image) } } : {}),
  }));
  const hint = page.images.length && !storage.publicUrls ? "\n`/show job:<id>` shows an image." : "";
  const buttons: APIButtonComponentWithCustomId[] = page.buttons.slice(0, LIMITS.buttonsPerRow).map((b) => ({
    type: ComponentType.Button,
    style: ButtonStyle.Secondary,
    custom_id: b.customId,
    label: b.label,
  }));
  return {
    content: truncate(inertContent(page.header + hint), LIMITS.content),
    embeds,
    components: buttons.length ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowed_mentions: NO_MENTIONS,
  };
}
