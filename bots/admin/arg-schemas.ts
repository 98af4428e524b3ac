import { z } from "zod";
import type { Platform } from "../../core/domain/workspace.ts";

/** Argument schemas the commands share; each message says what a valid value looks like. */
const PLATFORM = "(discord|slack|console|clerk)";

export const workspaceRef = z
  .string()
  .regex(new RegExp(`^(ws_\\S+|${PLATFORM}:\\S+)$`), "expected a workspace id (ws_...) or platform:id (discord:1234, slack:T01, console:local)");

export const memberRef = z
  .string()
  .regex(new RegExp(`^(mem_\\S+|${PLATFORM}:\\S+)$`), "expected a member id (mem_...) or platform user (discord:1234, slack:T01/U02)");

export const platformUser = z
  .string()
  .regex(new RegExp(`^${PLATFORM}:\\S+$`), "expected a platform user such as discord:1234 or slack:T01/U02")
  .transform((value) => {
    const at = value.indexOf(":");
    return { platform: value.slice(0, at) as Platform, externalUserId: value.slice(at + 1) };
  });

export const wholeNumber = (what: string, min: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `${what} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${what} must be at least ${min}`).max(Number.MAX_SAFE_INTEGER, `${what} is too large`));

export const utcDate = z
  .string({ error: "is required (YYYY-MM-DD)" })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date as YYYY-MM-DD")
  .refine((value) => {
    // Date.parse rolls "02-30" over into March; reading the date back catches that.
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, "is not a real date");

export const path = z.string().trim().min(1, "expected a path");
