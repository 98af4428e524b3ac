import { isTerminal } from "../../core/domain/job.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import { recordReplyTarget } from "../../core/engine/reply-target-updates.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";
import { channelKey } from "./channel-pacer.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { readReplyTarget, type SlackReplyTarget } from "./reply-target.ts";
import { renderJobMessage, type SlackMessage } from "./render-job-message.ts";
import { postToResponseUrl } from "./response-url.ts";
import { platformErrorCode } from "./slack-errors.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";
import { settleReserved, uploadImages, type Uploaded } from "./upload-images.ts";

/** chat.update's answers when the message is gone or the bot can no longer see it: nothing to update. */
const MESSAGE_GONE = new Set(["message_not_found", "channel_not_found", "not_in_channel", "is_archived", "cant_update_message"]);

/**
 * Renders a job's current state into its Slack reply: chat.update of the bot's message, or
 * the slash command's response_url for private jobs and channels the bot is not in. When our
 * image URLs are not public the bytes are uploaded once into the conversation. A final state
 * that finds the response_url expired goes to the requester's DM instead. Messages and updates
 * take their turn in the channel's pacer (about one per second per channel).
 */
export class SlackNotifier implements Notifier {
  readonly platform = "slack";

  private readonly ctx: SlackContext;

  constructor(ctx: SlackContext) {
    this.ctx = ctx;
  }

  async deliver(view: JobView): Promise<void> {
    const target = readReplyTarget(view.job.replyTarget);
    // Until the edge has posted the job's message there is nothing to update; it redelivers then.
    if (!target || (target.via === "message" && !target.messageTs)) return;
    const client = await this.ctx.clientFor(target.teamId, target.enterpriseId);
    if (!client) {
      this.ctx.logger.warn({ jobId: view.job.id, teamId: target.teamId }, "no Slack installation for this team any more; result not shown");
      return;
    }
    const synced = await this.syncUploads(client, view, target);
    await this.show(client, view, synced, renderJobMessage(view, { imageUrls: this.publicImageUrls(view), notes: replyNotes(synced) }));
  }

  private publicImageUrls(view: JobView): string[] {
    return this.ctx.storage.publicUrls ? view.images.map((image) => imageUrl(this.ctx.storage, image)) : [];
  }

  /**
   * Uploads images not uploaded yet and deletes the Slack copies of deleted ones, recording
   * each step in the reply target so no later delivery (in any process) repeats it: file ids
   * before the share, the share after it (upload-images.ts). Ids left unsettled by a process
   * that died mid-upload are settled first. A Slack file error is logged, not thrown: the
   * message still shows the job's state.
   */
  private async syncUploads(client: WebClient, view: JobView, recorded: SlackReplyTarget): Promise<SlackReplyTarget> {
    if (this.ctx.storage.publicUrls) return recorded;
    const { job } = view;
    const unsettled = recorded.uploads.some((u) => !u.shared);
    let target = unsettled ? { ...recorded, uploads: await settleReserved(client, recorded.uploads, platformErrorCode) } : recorded;
    const present = new Set(view.images.map((i) => i.id));
    const done = new Set(target.uploads.map((u) => u.imageId));
    // Images are listed only for completed jobs, so only a completed job's missing images were deleted.
    const gone = job.status === "completed" ? target.uploads.filter((u) => !present.has(u.imageId)) : [];
    const missing = view.images.filter((i) => !done.has(i.id));
    if (!gone.length && !missing.length) {
      if (unsettled) await recordReplyTarget(this.ctx.engine, job.id, target);
      return target;
    }

    for (const upload of gone) await this.deleteFile(client, job.id, upload.fileId);
    target = { ...target, uploads: target.uploads.filter((u) => present.has(u.imageId)) };
    if (missing.length) {
      const before = target;
      let reserved: Uploaded[] = [];
      try {
        const added = await uploadImages(
          client,
          this.ctx.storage,
          missing,
          {
            ...(await this.uploadDestination(client, before)),
            comment: truncate(`${escapeMrkdwn(job.prompt.replace(/\s+/g, " "))} · \`${job.id}\``, LIMITS.fallbackText),
          },
          (ids) => {
            reserved = ids;
            return recordReplyTarget(this.ctx.engine, job.id, { ...before, uploads: [...before.uploads, ...ids] });
          },
        );
        target = { ...before, uploads: [...before.uploads, ...added] };
      } catch (error) {
        // Ids already recorded stay unsettled: the share may have happened with its answer lost,
        // and the next delivery asks Slack before uploading those images again.
        target = { ...before, uploads: [...before.uploads, ...reserved] };
        this.ctx.logger.warn({ err: error, jobId: job.id }, "uploading a job's images to Slack failed; its message is updated without them");
      }
    }
    await recordReplyTarget(this.ctx.engine, job.id, target);
    return target;
  }

  /** Beside the job's message when the bot is in the conversation; otherwise the requester's DM. */
  private async uploadDestination(client: WebClient, target: SlackReplyTarget): Promise<{ channelId: string; threadTs: string | null }> {
    if (target.via === "message") return { channelId: target.channelId, threadTs: target.threadTs };
    const opened = await client.conversations.open({ users: target.userId });
    return { channelId: opened.channel!.id!, threadTs: null };
  }

  /** A copy already gone is fine; any other failure leaves a stray copy in Slack, which is logged. */
  private async deleteFile(client: WebClient, jobId: string, fileId: string): Promise<void> {
    try {
      await client.files.delete({ file: fileId });
    } catch (error) {
      const code = platformErrorCode(error);
      if (code !== "file_not_found" && code !== "file_deleted") {
        this.ctx.logger.warn({ err: error, jobId, fileId }, "deleting the Slack copy of a deleted image failed");
      }
    }
  }

  private async show(client: WebClient, view: JobView, target: SlackReplyTarget, message: SlackMessage): Promise<void> {
    if (target.via === "message") {
      const { job } = view;
      const final = isTerminal(job.status);
      const sent = this.ctx.pacer.update(channelKey(target.teamId, target.channelId), job.id, final, () => this.update(client, view, target, message));
      // A final state is awaited (shutdown flushes it, errors reach the delivery); progress is
      // left to the pacer, so the job's next state can replace it while it waits for its turn.
      if (final) return sent;
      sent.catch((error: unknown) => this.ctx.logger.warn({ err: error, jobId: job.id }, "updating a job's Slack message failed"));
      return;
    }
    // A response_url takes five messages in 30 minutes: queue positions must not use them up.
    if (view.positionUpdate) return;
    const live = target.responseUrl && target.responseUrlExpiresAt !== null && this.ctx.now() < target.responseUrlExpiresAt;
    if (live && (await postToResponseUrl(target.responseUrl!, { ...message, replace_original: true }))) return;
    // Progress past the response_url's life is dropped; the outcome is worth a direct message.
    if (isTerminal(view.job.status)) await this.postDirect(client, view, target, message);
  }

  private async update(client: WebClient, view: JobView, target: SlackReplyTarget, message: SlackMessage): Promise<void> {
    try {
      await client.chat.update({ channel: target.channelId, ts: target.messageTs!, ...message });
    } catch (error) {
      const code = platformErrorCode(error);
      if (!code || !MESSAGE_GONE.has(code)) throw error;
      // Someone deleted the message, or removed the bot: there is no reply left to update.
      this.ctx.logger.info({ jobId: view.job.id, code }, "the Slack message of a job is gone; update dropped");
    }
  }

  /** Posts the result to the requester's DM with the app, and updates that message from then on. */
  private async postDirect(client: WebClient, view: JobView, target: SlackReplyTarget, message: SlackMessage): Promise<void> {
    const posted = await this.ctx.pacer.post(channelKey(target.teamId, target.userId), () => client.chat.postMessage({ channel: target.userId, ...message }));
    await recordReplyTarget(this.ctx.engine, view.job.id, {
      ...target,
      via: "message",
      channelId: posted.channel ?? target.userId,
      threadTs: null,
      messageTs: posted.ts!,
      responseUrl: null,
      responseUrlExpiresAt: null,
    });
  }
}

/** Lines every rendering of the reply carries: where uploaded images went, how to invite the bot. */
export function replyNotes(target: SlackReplyTarget): string[] {
  const notes: string[] = [];
  if (target.uploads.some((u) => u.shared)) {
    notes.push(target.via === "message" ? "The images are posted in this conversation." : "The images are in your direct messages with me.");
  }
  if (target.via === "response_url" && !target.private) {
    const me = target.botUserId ? `<@${target.botUserId}>` : "the app";
    notes.push(`I'm not in this channel, so this message stops updating after 30 minutes. Invite me with \`/invite ${me}\`.`);
  }
  return notes;
}
