import type { Image } from "../../core/domain/image.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { LIMITS, truncate } from "./limits.ts";
import type { WebClient } from "./slack-context.ts";

export interface Uploaded {
  imageId: string;
  fileId: string;
}

/**
 * Uploads a job's image bytes as Slack files into a conversation (files.getUploadURLExternal,
 * the upload, files.completeUploadExternal, through the SDK's filesUploadV2), for storage whose
 * URLs Slack cannot fetch (local disk behind localhost). The stored image stays ours; the
 * Slack file is a copy that Delete removes too.
 */
export async function uploadImages(
  client: WebClient,
  storage: ObjectStorage,
  images: readonly Image[],
  where: { channelId: string; threadTs: string | null; comment: string },
): Promise<Uploaded[]> {
  const files: { image: Image; file: Uint8Array; filename: string }[] = [];
  for (const image of images) {
    const object = await storage.get(image.storageKey);
    if (object) files.push({ image, file: object.bytes, filename: fileName(image) });
  }
  const ids = await uploadFiles(
    client,
    files.map(({ image, file, filename }) => ({ bytes: file, filename, altText: image.prompt })),
    where,
  );
  return files.flatMap(({ image }, i) => (ids[i] ? [{ imageId: image.id, fileId: ids[i] }] : []));
}

export interface UploadFile {
  bytes: Uint8Array;
  filename: string;
  altText: string;
}

/**
 * Uploads bytes as one group of Slack files into a conversation, with `comment` as the message
 * that carries them. Returns the Slack file ids in the order given (undefined where Slack
 * listed none).
 */
export async function uploadFiles(
  client: WebClient,
  files: readonly UploadFile[],
  where: { channelId: string; threadTs: string | null; comment: string },
): Promise<(string | undefined)[]> {
  if (!files.length) return [];
  const result = await client.filesUploadV2({
    channel_id: where.channelId,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    initial_comment: where.comment,
    file_uploads: files.map(({ bytes, filename, altText }) => ({
      file: Buffer.from(bytes),
      filename,
      title: filename,
      alt_text: truncate(altText, LIMITS.fileAltText),
    })),
  });
  // One completion for the group, listing its files in the order they were given.
  const completed = (result.files as { files?: { id?: string }[] }[]).flatMap((c) => c.files ?? []);
  return files.map((_, i) => completed[i]?.id);
}

function fileName(image: Image): string {
  const extension = /\.([a-z0-9]+)$/i.exec(image.storageKey)?.[1] ?? "png";
  return `${image.jobId}-${image.index + 1}.${extension}`;
}
