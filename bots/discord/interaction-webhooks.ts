import { DiscordAPIError, MessageFlags, RESTJSONErrorCodes, Routes, type REST } from "discord.js";
import type { AckGate } from "./ack-gate.ts";
import { withNoMentions, type OutgoingMessage } from "./outgoing-message.ts";

/** What identifies an interaction's webhook: enough to edit its reply from any process. */
export interface InteractionHandle {
  applicationId: string;
  interactionId: string;
  token: string;
}

/** Another process may still be sending the reply; Discord accepts edits once it has it. */
const UNKNOWN_REPLY_RETRIES_MS = [250, 750, 2_000];

/**
 * The interaction-token endpoints (edit the reply, follow up, delete the reply). They need no
 * bot token, so they work over HTTP interactions with DISCORD_TOKEN unset; discord.js REST
 * queues them per route and waits out 429s.
 */
export class InteractionWebhooks {
  private readonly rest: REST;
  private readonly acks: AckGate;

  constructor(
    rest: REST,
    acks: AckGate,
  ) {
    this.rest = rest;
    this.acks = acks;
  }

  async editOriginal(handle: InteractionHandle, message: OutgoingMessage): Promise<void> {
    await this.acks.wait(handle.interactionId);
    const route = Routes.webhookMessage(handle.applicationId, handle.token, "@original");
    for (let attempt = 0; ; attempt++) {
      try {
        await this.rest.patch(route, { body: withAttachments(message), files: message.files, auth: false });
        return;
      } catch (error) {
        const delay = UNKNOWN_REPLY_RETRIES_MS[attempt];
        if (!isUnknownMessage(error) || delay === undefined) throw error;
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  async followUp(handle: InteractionHandle, message: OutgoingMessage, options: { ephemeral: boolean }): Promise<void> {
    await this.acks.wait(handle.interactionId);
    const body = { ...withAttachments(message), ...(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {}) };
    await this.rest.post(Routes.webhook(handle.applicationId, handle.token), { body, files: message.files, auth: false });
  }

  async deleteOriginal(handle: InteractionHandle): Promise<void> {
    await this.acks.wait(handle.interactionId);
    await this.rest.delete(Routes.webhookMessage(handle.applicationId, handle.token, "@original"), { auth: false });
  }
}

/**
 * Uploads are declared in `attachments` (id = index in `files`). An edit that lists no
 * attachments keeps none of the old ones, so a re-render never leaves a stale image behind.
 * Every body we send is built here, so this is also where allowed_mentions is enforced.
 */
export function withAttachments(message: OutgoingMessage) {
  return withNoMentions({ ...message.body, attachments: message.files.map((file, id) => ({ id, filename: file.name })) });
}

function isUnknownMessage(error: unknown): boolean {
  return error instanceof DiscordAPIError && error.code === RESTJSONErrorCodes.UnknownMessage;
}
