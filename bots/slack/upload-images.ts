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
  const files: { image: Image; file: Buffer; filename: string }[] = [];
  for (const image of images) {
    const object = await storage.get(image.storageKey);
    if (object) files.push({ image, file: Buffer.from(object.bytes), filename: fileName(image) });
  }
  if (!files.length) return [];
  const result = await client.filesUploadV2({
    channel_id: where.channelId,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    initial_comment: where.comment,
    file_uploads: files.map(({ image, file, filename }) => ({ file, filename, title: filename, alt_text: truncate(image.prompt, LIMITS.fileAltText) })),
  });
  // One completion for the group, listing its files in the order they were given.
  const completed = (result.files as { files?: { id?: string }[] }[]).flatMap((c) => c.files ?? []);
  return files.flatMap(({ image }, i) => (completed[i]?.id ? [{ imageId: image.id, fileId: completed[i].id }] : []));
}

function fileName(image: Image): string {
  const extension = /\.([a-z0-9]+)$/i.exec(image.storageKey)?.[1] ?? "png";
  return `${image.jobId}-${image.index + 1}.${extension}`;
}
