import { OAuth2Scopes, PermissionFlagsBits } from "discord.js";

/**
 * What the bot itself needs: interaction replies need no permission, but results that outlive
 * the 15-minute interaction token are posted as ordinary messages (with embeds and image
 * uploads), in channels and threads.
 */
const BOT_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles;

export function inviteUrl(applicationId: string): string {
  const params = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(" "),
    permissions: BOT_PERMISSIONS.toString(),
    integration_type: "0",
  });
  return `https://discord.com/oauth2/authorize?${params}`;
}
