import { PermissionFlagsBits, type APIInteraction } from "discord.js";
import type { Actor } from "../../core/engine/actor.ts";
import type { InteractionHandle } from "./interaction-webhooks.ts";
import { LIMITS } from "./limits.ts";
import { discordReplyTarget, type DiscordReplyTarget } from "./reply-target.ts";

/** Who sent an interaction and from where, as the handlers need it. */
export interface Invoker {
  actor: Actor;
  guildId: string;
  channelId: string;
  /** The channel as the engine keys collections and allow-lists: "discord:<guild>/<channel>". */
  channelKey: string;
  channelName: string | null;
  userId: string;
  interactionId: string;
  handle: InteractionHandle;
  /** The most bytes one reply to this interaction may upload. */
  attachmentSizeLimit: number;
  /** The reply target of a job this interaction starts. */
  replyTarget(isPrivate: boolean): DiscordReplyTarget;
}

/**
 * Who starts a job from this interaction, from where, and where its answer goes. The
 * interaction id is the idempotency key, so a redelivered interaction queues the job once.
 */
export function jobOrigin(invoker: Invoker, isPrivate: boolean) {
  return {
    actor: invoker.actor,
    source: "discord" as const,
    idempotencyKey: invoker.interactionId,
    channelKey: invoker.channelKey,
    replyTarget: invoker.replyTarget(isPrivate),
  };
}

const ADMIN_BITS = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;

/** Manage Server or Administrator in the member's permissions (a decimal bitfield string). */
export function isPlatformAdmin(permissions: string | undefined): boolean {
  if (!permissions || !/^\d+$/.test(permissions)) return false;
  return (BigInt(permissions) & ADMIN_BITS) !== 0n;
}

/**
 * Null outside a server (DMs, user-installed contexts): a workspace is a guild, so there is
 * no one to bill. `guildName` knows names only on the gateway; HTTP interactions carry ids.
 */
export function invokerOf(interaction: APIInteraction, receivedAt: number, guildName: (id: string) => string | undefined): Invoker | null {
  const guildId = interaction.guild_id;
  const member = interaction.member;
  const channelId = interaction.channel?.id ?? interaction.channel_id;
  if (!guildId || !member || !channelId) return null;
  const user = member.user;
  const handle = { applicationId: interaction.application_id, interactionId: interaction.id, token: interaction.token };
  const attachmentSizeLimit = interaction.attachment_size_limit || LIMITS.defaultAttachmentBytes;
  return {
    actor: {
      platform: "discord",
      workspaceExternalId: guildId,
      workspaceName: guildName(guildId) ?? `Discord server ${guildId}`,
      userExternalId: user.id,
      userName: member.nick ?? user.global_name ?? user.username,
      platformAdmin: isPlatformAdmin(member.permissions),
    },
    guildId,
    channelId,
    channelKey: `discord:${guildId}/${channelId}`,
    channelName: interaction.channel?.name ?? null,
    userId: user.id,
    interactionId: interaction.id,
    handle,
    attachmentSizeLimit,
    replyTarget: (isPrivate) =>
      discordReplyTarget({ ...handle, guildId, channelId, userId: user.id, private: isPrivate, attachmentSizeLimit }, receivedAt),
  };
}
