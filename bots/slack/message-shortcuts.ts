/** "Remix with Pixorly" (remix-shortcut.ts). */
export const REMIX_SHORTCUT_CALLBACK_ID = "pixorly_remix";

/**
 * The message shortcuts (the "More actions" menu of any message) the manifest declares. Slack
 * limits a shortcut's name to 25 characters and its description to 80.
 */
export const MESSAGE_SHORTCUTS = [
  { name: "Remix with Pixorly", callbackId: REMIX_SHORTCUT_CALLBACK_ID, description: "Make a new image starting from this message's image" },
] as const;
