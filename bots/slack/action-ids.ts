import { z } from "zod";
import { JOB_ACTIONS, type JobAction } from "../../core/commands/job-actions.ts";
import { LIMITS } from "./limits.ts";

/**
 * Buttons carry everything a press needs in their action_id and value (the job id, the page),
 * so a button works days later in any process: nothing about it is kept in memory.
 */
export type { JobAction };

/** Every Pixorly button's action_id starts with this; Bolt routes them by it. */
export const ACTION_PREFIX = "px:";
export const JOB_ACTION_PATTERN = /^px:job:/;
export const PAGE_ACTION_PATTERN = /^px:page:/;

/** The Remix button under a result (value: the job id); it opens the remix form. */
export const REMIX_ACTION_ID = `${ACTION_PREFIX}remix`;

export const jobActionId = (action: JobAction) => `${ACTION_PREFIX}job:${action}`;

export function parseJobAction(actionId: string): JobAction | null {
  const action = actionId.slice(`${ACTION_PREFIX}job:`.length);
  return (JOB_ACTIONS as readonly string[]).includes(action) ? (action as JobAction) : null;
}

const pageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("collection"), scope: z.enum(["channel", "mine"]), page: z.number().int().min(1) }),
  z.object({ kind: z.literal("search"), query: z.string().min(1), page: z.number().int().min(1) }),
]);
export type PageRequest = z.infer<typeof pageSchema>;

/** Null when the request does not fit in a button value; the page then gets no such button. */
export function pageValue(request: PageRequest): string | null {
  const value = JSON.stringify(request);
  return value.length <= LIMITS.buttonValue ? value : null;
}

/** Null for values from an older version or forged ones. */
export function parsePageValue(value: string | undefined): PageRequest | null {
  if (!value) return null;
  try {
    const parsed = pageSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
