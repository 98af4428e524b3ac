import { sign, type KeyObject } from "node:crypto";
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionType,
  Locale,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  type APIMessage,
  type APIMessageComponentButtonInteraction,
} from "discord.js";

export const APP_ID = "100000000000000001";
export const GUILD_ID = "200000000000000001";
export const CHANNEL_ID = "300000000000000001";
export const USER_ID = "400000000000000001";
export const BOT_TOKEN = "fake-bot-token";

/** Member permission bitfields as Discord sends them (decimal strings). */
export const PERMISSIONS = { member: "3072", manageServer: "32", administrator: "8" } as const;

export interface Who {
  userId?: string;
  permissions?: string;
  guildId?: string;
  channelId?: string;
  attachmentSizeLimit?: number;
}

let counter = 0;
const snowflake = () => String(1_300_000_000_000_000_000n + BigInt(++counter));

function base(who: Who) {
  const userId = who.userId ?? USER_ID;
  const guildId = who.guildId ?? GUILD_ID;
  const channelId = who.channelId ?? CHANNEL_ID;
  return {
    id: snowflake(),
    application_id: APP_ID,
    token: `tok-${snowflake()}`,
    version: 1 as const,
    guild_id: guildId,
    guild: { id: guildId, locale: Locale.EnglishUS, features: [] },
    channel: { id: channelId, type: ChannelType.GuildText as const, name: "general", guild_id: guildId },
    channel_id: channelId,
    member: {
      user: { id: userId, username: `user${userId.slice(-3)}`, discriminator: "0", global_name: null, avatar: null },
      permissions: who.permissions ?? PERMISSIONS.member,
      roles: [],
      joined_at: "2026-01-01T00:00:00.000Z",
      deaf: false,
      mute: false,
      flags: 0,
      nick: null,
    },
    app_permissions: "0",
    locale: Locale.EnglishUS,
    entitlements: [],
    authorizing_integration_owners: { 0: guildId },
    attachment_size_limit: who.attachmentSizeLimit ?? 10 * 1024 * 1024,
  };
}

const optionType = (value: string | number | boolean) =>
  typeof value === "number" ? ApplicationCommandOptionType.Integer : typeof value === "boolean" ? ApplicationCommandOptionType.Boolean : ApplicationCommandOptionType.String;

export function slashCommand(name: string, options: Record<string, string | number | boolean> = {}, who: Who = {}): APIChatInputApplicationCommandInteraction {
  return {
    ...base(who),
    type: InteractionType.ApplicationCommand,
    data: {
      id: "600000000000000001",
      name,
      type: ApplicationCommandType.ChatInput,
      options: Object.entries(options).map(([key, value]) => ({ name: key, type: optionType(value), value })) as never,
    },
  };
}

/** A file attached to a slash command's ATTACHMENT option, as Discord resolves it. */
export interface AttachmentFile {
  url: string;
  filename?: string;
  contentType?: string;
  size?: number;
}

/**
 * /describe image:<file>: Discord sends the option's value as the attachment's id and the
 * attachment itself (CDN url, size, content type) in data.resolved.attachments.
 */
export function describeCommand(file: AttachmentFile, options: { model?: string } = {}, who: Who = {}): APIChatInputApplicationCommandInteraction {
  const attachmentId = snowflake();
  const interaction = slashCommand("describe", {}, who);
  return {
    ...interaction,
    data: {
      ...interaction.data,
      options: [
        { name: "image", type: ApplicationCommandOptionType.Attachment, value: attachmentId },
        ...(options.model ? [{ name: "model", type: ApplicationCommandOptionType.String, value: options.model }] : []),
      ],
      resolved: {
        attachments: {
          [attachmentId]: {
            id: attachmentId,
            filename: file.filename ?? "photo.png",
            size: file.size ?? 1_000,
            url: file.url,
            proxy_url: file.url,
            content_type: file.contentType ?? "image/png",
          },
        },
      },
    } as APIChatInputApplicationCommandInteraction["data"],
  };
}

export function buttonPress(customId: string, who: Who = {}, messageFlags = 0, message: Partial<APIMessage> = {}): APIMessageComponentButtonInteraction {
  const b = base(who);
  return {
    ...b,
    type: InteractionType.MessageComponent,
    data: { custom_id: customId, component_type: ComponentType.Button },
    message: {
      id: snowflake(),
      channel_id: b.channel_id,
      author: { id: "500", username: "pixorly", discriminator: "0", global_name: null, avatar: null, bot: true },
      content: "",
      timestamp: "2026-11-26T12:00:00.000Z",
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: messageFlags,
      components: [],
      ...message,
    },
  } as APIMessageComponentButtonInteraction;
}

export function autocomplete(name: string, option: string, typed: string, who: Who = {}): APIApplicationCommandAutocompleteInteraction {
  return {
    ...base(who),
    type: InteractionType.ApplicationCommandAutocomplete,
    data: {
      id: "600000000000000001",
      name,
      type: ApplicationCommandType.ChatInput,
      options: [{ name: option, type: ApplicationCommandOptionType.String, value: typed, focused: true }],
    },
  };
}

/** Signs like Discord: Ed25519 over timestamp + body, hex-encoded. */
export function signedHeaders(privateKey: KeyObject, body: string | Buffer, timestamp = String(Math.floor(Date.now() / 1000))) {
  const signature = sign(null, Buffer.concat([Buffer.from(timestamp), Buffer.from(body)]), privateKey).toString("hex");
  return { "content-type": "application/json", "x-signature-ed25519": signature, "x-signature-timestamp": timestamp };
}

/** A GUILD_CREATE dispatch for the test guild with its one text channel, named `name`. */
export function guildCreate(name: string) {
  return {
    id: GUILD_ID,
    name,
    unavailable: false,
    owner_id: "1",
    member_count: 2,
    features: [],
    channels: [{ id: CHANNEL_ID, type: 0, name: "general", guild_id: GUILD_ID }],
    members: [],
    roles: [],
    emojis: [],
    stickers: [],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
  };
}
