import { statusText } from "../../core/commands/render-text.ts";
import { isTerminal, type Job } from "../../core/domain/job.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { JobView, Notifier } from "../../core/ports/notifier.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { ChannelPoster } from "./channel-poster.ts";
import { EditThrottle } from "./edit-throttle.ts";
import type { InteractionWebhooks } from "./interaction-webhooks.ts";
import { prepareImages } from "./job-images.ts";
import { inertContent } from "./inert-text.ts";
import { LIMITS, truncate } from "./limits.ts";
import type { OutgoingMessage } from "./outgoing-message.ts";
import { readReplyTarget, type DiscordReplyTarget } from "./reply-target.ts";
import { renderJobMessage } from "./render-job-message.ts";

export interface DiscordNotifierOptions {
  webhooks: InteractionWebhooks;
  /** Null without DISCORD_TOKEN: results that outlive the interaction token are then lost. */
  poster: ChannelPoster | null;
  storage: ObjectStorage;
  logger: Logger;
  /** The engine's clock, which also stamped the reply target's expiry. */
  now: () => number;
  throttleMs?: number;
  /** A job that took longer than this mentions its requester when it ends (an edit notifies no one). */
  longJobMs?: number;
}

const MAX_REMEMBERED = 1_000;

/**
 * Renders a job's current state into the interaction's reply: edits @original while the token
 * lives, posts a new message with the bot token after. Progress edits are throttled; final
 * states always go out.
 */
export class DiscordNotifier implements Notifier {
  readonly platform = "discord";
  private readonly throttle: EditThrottle;
  /** Jobs whose requester was already mentioned by this process (a second delivery must not ping again). */
  private readonly mentioned = new Set<string>();

  private readonly options: DiscordNotifierOptions;

  constructor(options: DiscordNotifierOptions) {
    this.options = options;
    this.throttle = new EditThrottle(options.throttleMs ?? 1_000, (error, jobId) =>
      options.logger.warn({ err: error, jobId }, "editing a Discord reply failed"),
    );
  }

  async deliver(view: JobView): Promise<void> {
    const target = readReplyTarget(view.job.replyTarget);
    if (!target) return;
    const final = isTerminal(view.job.status);
    if (this.options.now() >= target.expiresAt) {
      if (this.worthPostingLate(view, target)) await this.deliverLate(view, target);
      return;
    }
    await this.throttle.run(view.job.id, final, async () => this.options.webhooks.editOriginal(target, await this.message(view, target)));
    if (final && this.tookLong(view.job) && this.remember(view.job.id)) {
      await this.options.webhooks.followUp(target, mention(view, target), { ephemeral: target.private });
    }
  }

  stop(): void {
    this.throttle.stop();
  }

  private async deliverLate(view: JobView, target: DiscordReplyTarget): Promise<void> {
    const { poster, logger } = this.options;
    if (!poster) {
      logger.warn(
        { jobId: view.job.id, status: view.job.status },
        "a Discord result outlived its 15-minute interaction token and DISCORD_TOKEN is not set, so it cannot be posted; set DISCORD_TOKEN",
      );
      return;
    }
    const rendered = await this.message(view, target);
    // A new message does notify, so it mentions the requester, who has been waiting. A private
    // result goes to their DMs, where buttons cannot work (a workspace is a server).
    const message: OutgoingMessage = {
      files: rendered.files,
      body: {
        ...rendered.body,
        content: truncate(`<@${target.userId}> ${rendered.body.content ?? ""}`, LIMITS.content),
        allowed_mentions: { parse: [], users: [target.userId] },
        ...(target.private ? { components: [] } : {}),
      },
    };
    const dedupeKey = `${view.job.id}:late`;
    if (target.private) await poster.direct(target.userId, message, dedupeKey);
    else await poster.post(target.channelId, message, dedupeKey);
  }

  /**
   * Past the token's life only an outcome the reply never showed gets a new message: progress
   * is dropped, and so are later re-renders (images deleted, a cancel) of a job whose outcome
   * was already shown, which would otherwise post and ping again days later.
   */
  private worthPostingLate({ job, images }: JobView, target: DiscordReplyTarget): boolean {
    if (job.finishedAt === null || job.finishedAt < target.expiresAt) return false;
    return job.status === "failed" || (job.status === "completed" && images.length > 0);
  }

  private async message(view: JobView, target: DiscordReplyTarget): Promise<OutgoingMessage> {
    const prepared = await prepareImages(view.images, this.options.storage, target.attachmentSizeLimit);
    return { body: renderJobMessage(view, prepared.refs, { omitted: prepared.omitted }), files: prepared.files };
  }

  private tookLong(job: Job): boolean {
    return job.status !== "cancelled" && job.finishedAt !== null && job.finishedAt - job.createdAt > (this.options.longJobMs ?? 60_000);
  }

  private remember(jobId: string): boolean {
    if (this.mentioned.has(jobId)) return false;
    if (this.mentioned.size >= MAX_REMEMBERED) this.mentioned.delete(this.mentioned.values().next().value!);
    this.mentioned.add(jobId);
    return true;
  }
}

function mention(view: JobView, target: DiscordReplyTarget): OutgoingMessage {
  return {
    body: { content: truncate(`<@${target.userId}> ${inertContent(statusText(view))} ↑`, LIMITS.content), allowed_mentions: { parse: [], users: [target.userId] } },
    files: [],
  };
}
