/**
 * What a forgotten person becomes (`admin forget`, `/forget-me`). Their rows are deleted or
 * re-pointed at one shared tombstone user per store, so workspace ledgers, job history and
 * daily usage keep adding up while no row names or distinguishes the person any more. The
 * tombstone has no identity, so no platform account can ever resolve to it.
 */
export const FORGOTTEN_USER_ID = "usr_forgotten";

/** How the tombstone appears where members are named (/credits, `admin workspace`). */
export const FORGOTTEN_DISPLAY_NAME = "Forgotten members";

/** Prompts are what people wrote: a forgotten person's jobs keep their numbers, not their words. */
export const FORGOTTEN_PROMPT = "";
