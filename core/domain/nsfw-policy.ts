/**
 * What a workspace's NSFW "block" policy adds to a provider request (the setting defaults to
 * block; see DEFAULT_WORKSPACE_SETTINGS). The prompt itself was already checked against
 * NSFW_BLOCK_WORDS at submit.
 */

/** SD web UI: appended to the negative prompt, the one control a diffusion checkpoint obeys. */
export const NSFW_NEGATIVE_PROMPT = "nsfw, nudity, explicit";

/**
 * OpenRouter: chat image models read an instruction, and OpenRouter's request has no moderation
 * level, so it is folded into the "Avoid:" line like a negative prompt.
 */
export const NSFW_AVOID_TEXT = "nudity or sexual content (keep the image safe for work)";

/** Joins a person's negative prompt and a policy addition, either of which may be absent. */
export function joinAvoid(negativePrompt: string | null | undefined, addition: string | null): string | null {
  const parts = [negativePrompt?.trim(), addition].filter((part): part is string => Boolean(part));
  return parts.length > 0 ? parts.join(", ") : null;
}
