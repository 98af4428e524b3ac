import { createHash } from "node:crypto";
import { Routes, type APIChannel, type REST } from "discord.js";
import { withAttachments } from "./interaction-webhooks.ts";
import type { OutgoingMessage } from "./outgoing-message.ts";

/**
 * Posts with the bot token (DISCORD_TOKEN): results that outlive the 15-minute interaction
 * token go to the channel, or to the requester's DMs when the job was private.
 */
export class ChannelPoster {
  private readonly rest: REST;

  constructor(rest: REST) {
    this.rest = rest;
  }

  /**
   * `dedupeKey` becomes the message nonce with enforce_nonce, so two processes delivering the
   * same result within Discord's nonce window create one message.
   */
  async post(channelId: string, message: OutgoingMessage, dedupeKey: string): Promise<void> {
    const body = { ...withAttachments(message), nonce: nonceFor(dedupeKey), enforce_nonce: true };
    await this.rest.post(Routes.channelMessages(channelId), { body, files: message.files });
  }

  async direct(userId: string, message: OutgoingMessage, dedupeKey: string): Promise<void> {
    const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as APIChannel;
    await this.post(channel.id, message, dedupeKey);
  }
}

/** Nonces are at most 25 characters; job ids are longer, so the key is hashed. */
function nonceFor(key: string): string {
  return createHash("sha256").update(key).digest("base64url").slice(0, 25);
}
