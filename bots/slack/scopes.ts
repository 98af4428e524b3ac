/**
 * The bot scopes Pixorly asks for at install (OAuth) and declares in the generated manifest:
 * slash commands, posting and updating its messages, uploading images when our URLs are not
 * public (files:read: files.info tells whether an upload a crash interrupted was shared, and
 * downloading a shared image to start from needs it), users.info for admin checks, mentions,
 * DMs for private results, and channels:history / groups:history / mpim:history for
 * conversations.replies, which is how a mention in a thread sees the image on the thread's
 * first message (mention-image.ts). Those three let the app read messages of conversations it
 * is in; it reads only a mentioned thread's first message.
 * test/slack/manifest.test.ts checks they cover every Web API method the app calls and every
 * event it subscribes to.
 */
export const BOT_SCOPES = [
  "app_mentions:read",
  "channels:history",
  "chat:write",
  "commands",
  "files:read",
  "files:write",
  "groups:history",
  "im:write",
  "mpim:history",
  "users:read",
] as const;

/** The Events API events the app handles (bots/slack/handle-events.ts, handle-mention.ts). */
export const BOT_EVENTS = ["app_home_opened", "app_mention", "app_uninstalled", "tokens_revoked"] as const;
