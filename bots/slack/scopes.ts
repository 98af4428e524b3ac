/**
 * The bot scopes Pixorly asks for at install (OAuth) and declares in manifest.yml (a test keeps
 * the two in step): slash commands, posting and updating its messages, uploading images when
 * our URLs are not public, users.info for admin checks, mentions, and DMs for private results.
 */
export const BOT_SCOPES = ["app_mentions:read", "chat:write", "commands", "files:write", "im:write", "users:read"] as const;
