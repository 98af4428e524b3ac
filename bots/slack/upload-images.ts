import type { Image } from "../../core/domain/image.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { LIMITS, truncate } from "./limits.ts";
import type { WebClient } from "./slack-context.ts";

export interface Uploaded {
  imageId: string;
  fileId: string;
  /** False between Slack handing out the file id and the share completing (see reply-target.ts). */
  shared: boolean;
}

/**
 * Uploads a job's image bytes as Slack files into a conversation, for storage whose URLs Slack
 * cannot fetch (local disk behind localhost), in the three steps of Slack's external upload so
 * that nothing is shared twice: files.getUploadURLExternal reserves each file id, `record`
 * stores those ids (unshared) before anything is visible, the bytes go to the upload URLs, and
 * files.completeUploadExternal shares the group in one message. A process that dies after the
 * share but before the caller records it leaves ids that settleReserved finds shared. The
 * stored image stays ours; the Slack file is a copy that Delete removes too.
 */
export async function uploadImages(
  client: WebClient,
  storage: ObjectStorage,
  images: readonly Image[],
  where: { channelId: string; threadTs: string | null; comment: string },
  record: (reserved: Uploaded[]) => Promise<void>,
): Promise<Uploaded[]> {
  const files: { image: Image; bytes: Uint8Array; filename: string }[] = [];
  for (const image of images) {
    const object = await storage.get(image.storageKey);
    if (object) files.push({ image, bytes: object.bytes, filename: fileName(image) });
  }
  if (!files.length) return [];
  const reserved = await Promise.all(
    files.map(async ({ image, bytes, filename }) => {
      const url = await client.files.getUploadURLExternal({ filename, length: bytes.byteLength, alt_text: truncate(image.prompt, LIMITS.fileAltText) });
      return { image, bytes, filename, fileId: url.file_id!, uploadUrl: url.upload_url! };
    }),
  );
  await record(reserved.map(({ image, fileId }) => ({ imageId: image.id, fileId, shared: false })));
  await Promise.all(reserved.map(({ uploadUrl, bytes }) => postBytes(uploadUrl, bytes)));
  await client.files.completeUploadExternal({
    files: reserved.map(({ fileId, filename }) => ({ id: fileId, title: filename })) as [{ id: string; title: string }],
    channel_id: where.channelId,
    ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
    initial_comment: where.comment,
  });
  return reserved.map(({ image, fileId }) => ({ imageId: image.id, fileId, shared: true }));
}

/** files.info's answers for a file id that was handed out but whose upload was never completed. */
const NEVER_COMPLETED = new Set(["file_not_found", "file_deleted"]);

/**
 * For ids recorded before a share whose outcome is unknown (the process died in between): a
 * file Slack knows was completed, and so shared (kept, now marked shared); one it does not
 * know never was, and is dropped so its image is uploaded again. Without files:read (an install
 * older than #14) the id is kept as shared. Any other answer throws: the delivery is retried
 * later rather than risk a second copy.
 */
export async function settleReserved(client: WebClient, uploads: readonly Uploaded[], errorCode: (error: unknown) => string | null | undefined): Promise<Uploaded[]> {
  const settled: Uploaded[] = [];
  for (const upload of uploads) {
    if (upload.shared) {
      settled.push(upload);
      continue;
    }
    try {
      await client.files.info({ file: upload.fileId });
      settled.push({ ...upload, shared: true });
    } catch (error) {
      const code = errorCode(error);
      // Installed before files:read was asked for: Slack will not say, and a second copy is worse than a missing one.
      if (code === "missing_scope") settled.push({ ...upload, shared: true });
      else if (!code || !NEVER_COMPLETED.has(code)) throw error;
    }
  }
  return settled;
}

async function postBytes(uploadUrl: string, bytes: Uint8Array): Promise<void> {
  const response = await fetch(uploadUrl, { method: "POST", body: Buffer.from(bytes), signal: AbortSignal.timeout(60_000) });
  await response.arrayBuffer().catch(() => undefined);
  if (!response.ok) throw new Error(`Slack's upload URL answered ${response.status}`);
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
