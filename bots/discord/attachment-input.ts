import { ApplicationCommandOptionType, type APIAttachment, type APIChatInputApplicationCommandInteraction } from "discord.js";
import { INPUT_IMAGE_LIMIT_TEXT, INPUT_IMAGE_MAX_BYTES, type InputImageSource } from "../../core/domain/input-image.ts";
import { err, ok, type Result } from "../../core/domain/result.ts";

/** What the safe fetch accepts (core checks the bytes again): refusing others here costs no download. */
const IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"];
const IMAGE_EXTENSION = /\.(png|jpe?g|webp)$/i;

/**
 * An /imagine attachment (ATTACHMENT option, type 11: the option's value is an attachment id,
 * the attachment itself is in data.resolved.attachments) as the engine's input image. Refused
 * here, before the engine is called and so before any charge, when Discord's own description of
 * the file says it is not a PNG, JPEG or WebP image or is larger than the input limit. Otherwise
 * the engine downloads the CDN URL through the safe fetch and checks the bytes; the job keeps
 * its own copy, because Discord's CDN URLs are signed and expire.
 */
export function attachmentInput(attachmentId: string, attachments: Record<string, APIAttachment> | undefined): Result<InputImageSource, string> {
  const file = attachments?.[attachmentId];
  if (!file) return err("Discord did not send the attached file with the command. Please attach it again. Nothing was charged.");
  // Discord omits content_type for files it could not identify; the extension then decides here and the bytes in core.
  const declared = file.content_type?.split(";")[0]?.trim().toLowerCase();
  const looksLikeImage = declared ? IMAGE_TYPES.includes(declared) : IMAGE_EXTENSION.test(file.filename);
  if (!looksLikeImage) {
    return err(`\`${file.filename}\` is not an image Pixorly can use: attach a PNG, JPEG or WebP image. Nothing was charged.`);
  }
  if (file.size > INPUT_IMAGE_MAX_BYTES) {
    return err(`\`${file.filename}\` is ${megabytes(file.size)}; Pixorly takes images up to ${INPUT_IMAGE_LIMIT_TEXT}. Nothing was charged.`);
  }
  return ok({ kind: "url", url: file.url });
}

const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

/**
 * The input image a command's ATTACHMENT option names (/imagine's `image`, /describe's), checked
 * as above; undefined when the option was not given. The option's value is the attachment id
 * (optionValues has already swapped it for the URL in the parsed options).
 */
export function attachedImage(
  interaction: APIChatInputApplicationCommandInteraction,
  optionName: string,
): Result<InputImageSource | undefined, string> {
  const attached = interaction.data.options?.find((o) => o.name === optionName);
  if (attached?.type !== ApplicationCommandOptionType.Attachment) return ok(undefined);
  return attachmentInput(attached.value, interaction.data.resolved?.attachments);
}
