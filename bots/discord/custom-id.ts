import { JOB_ACTIONS, type JobAction } from "../../core/commands/job-actions.ts";
import { LIMITS } from "./limits.ts";

/**
 * Button ids carry everything a press needs (the job id, the page), so a button works days
 * later in any process: nothing about it is kept in memory.
 */
export type { JobAction };

export type CollectionScope = "channel" | "mine";

export type ButtonAction =
  | { kind: "job"; action: JobAction; jobId: string }
  | { kind: "collection"; scope: CollectionScope; page: number }
  | { kind: "search"; page: number; query: string }
  /** A /describe suggestion: its position in the message; the prompt is read back from the message itself. */
  | { kind: "describe"; index: number };

const PREFIX = "px";

export function jobButtonId(action: JobAction, jobId: string): string {
  return `${PREFIX}:${action}:${jobId}`;
}

export function collectionButtonId(scope: CollectionScope, page: number): string {
  return `${PREFIX}:collection:${scope}:${page}`;
}

/** Null when the query is too long to ride in a custom_id; the page then gets no buttons. */
export function searchButtonId(page: number, query: string): string | null {
  const id = `${PREFIX}:search:${page}:${query}`;
  return id.length <= LIMITS.customId ? id : null;
}

/** The prompt does not fit a custom_id (100 characters), so only its position rides in it. */
export function describeButtonId(index: number): string {
  return `${PREFIX}:imagine-suggestion:${index}`;
}

export function parseButtonId(customId: string): ButtonAction | null {
  const [prefix, kind, ...rest] = customId.split(":");
  if (prefix !== PREFIX || !kind) return null;
  if ((JOB_ACTIONS as readonly string[]).includes(kind)) {
    const jobId = rest.join(":");
    return jobId ? { kind: "job", action: kind as JobAction, jobId } : null;
  }
  if (kind === "collection") {
    const [scope, page] = rest;
    if ((scope !== "channel" && scope !== "mine") || !isPage(page)) return null;
    return { kind: "collection", scope, page: Number(page) };
  }
  if (kind === "imagine-suggestion") {
    const [index] = rest;
    return index !== undefined && /^[0-9]$/.test(index) ? { kind: "describe", index: Number(index) } : null;
  }
  if (kind === "search") {
    const [page, ...words] = rest;
    // The query may itself contain ":".
    const query = words.join(":");
    return isPage(page) && query ? { kind: "search", page: Number(page), query } : null;
  }
  return null;
}

const isPage = (raw: string | undefined): raw is string => raw !== undefined && /^[1-9]\d{0,4}$/.test(raw);
