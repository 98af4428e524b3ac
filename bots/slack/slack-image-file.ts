import { z } from "zod";
import { INPUT_IMAGE_LIMIT_TEXT, INPUT_IMAGE_MAX_BYTES, type InputImageSource } from "../../core/domain/input-image.ts";
import type { WebClient } from "./slack-context.ts";

/**
 * A Slack file object as messages, events and shortcut payloads carry it
 * (docs.slack.dev/reference/objects/file-object), as far as we read it. Slack Connect files
 * arrive as stubs (`file_access: "check_file_info"`, no URLs) that files.info fills in.
 */
const slackFile = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  mimetype: z.string().optional(),
  size: z.number().optional(),
  is_external: z.boolean().optional(),
  file_access: z.string().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});
export type SlackFile = z.infer<typeof slackFile>;

/** What the providers take; the safe fetch checks the bytes again (a renamed file is caught there). */
const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/webp"]);

export type PickedImage =
  /** No image among the files (or no files): the prompt runs on its own. */
  | { kind: "none" }
  | { kind: "image"; file: SlackFile }
  /** An image, or the only files, that cannot be used: the person is told why; nothing is charged. */
  | { kind: "refused"; reason: string };

/** The files of a message, event or payload; entries Slack sent in another shape are skipped. */
export function filesOf(message: unknown): SlackFile[] {
  const files = (message as { files?: unknown } | null | undefined)?.files;
  if (!Array.isArray(files)) return [];
  return files.flatMap((f): SlackFile[] => {
    const parsed = slackFile.safeParse(f);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * The image to start from among a message's files: the first PNG, JPEG or WebP within the input
 * limit. `strict`: files were given on purpose (the mention's own, the shortcut's message), so
 * files that are not usable images are refused with the reason. Not strict (a thread's parent,
 * which may carry anything): only an image file is considered, other files are ignored.
 * Slack's `size` is checked here, before any download; the fetch caps the bytes again.
 */
export function pickImageFile(files: readonly SlackFile[], strict: boolean): PickedImage {
  if (!files.length) return { kind: "none" };
  const usable = files.find((f) => IMAGE_TYPES.has(f.mimetype ?? "") && !f.is_external && (f.size ?? 0) <= INPUT_IMAGE_MAX_BYTES);
  if (usable) return { kind: "image", file: usable };
  const images = files.filter((f) => f.mimetype?.startsWith("image/"));
  if (!strict && !images.length) return { kind: "none" };
  const file = images[0] ?? files[0]!;
  const name = file.name ? `"${file.name}"` : "That file";
  if (file.is_external) return { kind: "refused", reason: `${name} is linked from another service, not uploaded to Slack: upload the image itself. Nothing was charged.` };
  if (!IMAGE_TYPES.has(file.mimetype ?? "")) {
    return { kind: "refused", reason: `${name} is not a PNG, JPEG or WebP image, so Pixorly cannot start from it. Nothing was charged.` };
  }
  return { kind: "refused", reason: `${name} is larger than ${INPUT_IMAGE_LIMIT_TEXT}, the most Pixorly takes as a starting image. Nothing was charged.` };
}

/**
 * Slack Connect files (shared from another organisation) come as stubs without URLs, type or
 * size: files.info answers with the whole object. Other files are returned as they are.
 */
export async function completeFiles(client: WebClient, files: readonly SlackFile[]): Promise<SlackFile[]> {
  return Promise.all(
    files.map(async (file) => {
      if (file.file_access !== "check_file_info") return file;
      const info = await client.files.info({ file: file.id });
      const parsed = slackFile.safeParse(info.file);
      return parsed.success ? parsed.data : file;
    }),
  );
}

/**
 * The input image source for a Slack file: its download URL with the team's bot token, which
 * the safe fetch sends to that URL's origin only. The token is attached only when the URL is
 * on one of Slack's own file hosts (`fileOrigins`): a file object pointing anywhere else gets
 * no token, and is refused, so a bot token never leaves Slack.
 */
export function slackFileSource(file: SlackFile, botToken: string, fileOrigins: ReadonlySet<string>): Extract<InputImageSource, { kind: "url" }> | { refused: string } {
  const url = file.url_private_download ?? file.url_private;
  if (!url || !URL.canParse(url) || !fileOrigins.has(new URL(url).origin)) {
    return { refused: "Slack did not give a download link for that file on its own file host, so Pixorly cannot fetch it. Nothing was charged." };
  }
  return { kind: "url", url, authorization: `Bearer ${botToken}` };
}

/** Slack serves files from files.slack.com; a Slack API URL set for tests or GovSlack adds its own origin. */
export function slackFileOrigins(client: WebClient): Set<string> {
  const origins = new Set(["https://files.slack.com"]);
  try {
    origins.add(new URL(client.slackApiUrl).origin);
  } catch {
    // The client's default URL always parses; nothing to add otherwise.
  }
  return origins;
}
