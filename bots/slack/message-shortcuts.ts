import { DESCRIBE_SHORTCUT } from "./handle-describe-shortcut.ts";

/** "Remix with Pixorly" (remix-shortcut.ts). */
export const REMIX_SHORTCUT_CALLBACK_ID = "pixorly_remix";

/**
 * The message shortcuts (the "More actions" menu of any message) the manifest declares; each
 * has its own handler file. Slack limits a shortcut's name to 25 characters and its
 * description to 80.
 */
export const MESSAGE_SHORTCUTS: readonly { name: string; callbackId: string; description: string }[] = [
  { name: "Remix with Pixorly", callbackId: REMIX_SHORTCUT_CALLBACK_ID, description: "Make a new image starting from this message's image" },
  DESCRIBE_SHORTCUT,
];
