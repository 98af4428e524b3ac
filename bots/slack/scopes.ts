/**
 * The bot scopes Pixorly asks for at install (OAuth) and declares in the generated manifest:
 * slash commands, posting and updating its messages, uploading images when our URLs are not
 * public (files:read: files.info tells whether an upload a crash interrupted was shared),
 * users.info for admin checks, mentions, and DMs for private results.
 * test/slack/manifest.test.ts checks they cover every Web API method the app calls and every
 * event it subscribes to.
 */
export const BOT_SCOPES = ["app_mentions:read", "chat:write", "commands", "files:read", "files:write", "im:write", "users:read"] as const;

/** The Events API events the app handles (bots/slack/handle-events.ts, handle-mention.ts). */
export const BOT_EVENTS = ["app_home_opened", "app_mention", "app_uninstalled", "tokens_revoked"] as const;
