import { z } from "zod";

/**
 * The shape of what Slack signs and posts to /slack/events, as far as Bolt's middleware and our
 * listeners read it. Bolt dereferences these fields without checking them (a signed payload
 * whose `user` is null or whose `action_id` is a number made it throw, answering 500), so they
 * are checked once here, before Bolt sees the request. Objects stay open (`loose`): Slack adds
 * fields, and a field we do not read cannot hurt us.
 */
const id = z.string().min(1).max(255);
const named = z.looseObject({ id });

const action = z.looseObject({
  action_id: z.string().max(255),
  block_id: z.string().max(255).optional(),
  type: z.string(),
  value: z.string().optional(),
});

const interactive = z.looseObject({
  type: z.string(),
  user: z.looseObject({ id, team_id: id.optional(), name: z.string().optional(), username: z.string().optional() }),
  team: z.looseObject({ id, domain: z.string().optional(), enterprise_id: id.optional() }).nullable().optional(),
  enterprise: named.nullable().optional(),
  channel: z.looseObject({ id, name: z.string().optional() }).nullable().optional(),
  container: z.looseObject({ type: z.string().optional() }).optional(),
  message: z.looseObject({ ts: z.string().optional(), thread_ts: z.string().optional() }).optional(),
  trigger_id: z.string().optional(),
  response_url: z.string().optional(),
  actions: z.array(action).optional(),
  view: z.looseObject({ id: z.string().optional(), callback_id: z.string(), state: z.looseObject({ values: z.record(z.string(), z.unknown()) }).optional() }).optional(),
});

/** Block actions carry at least one action; view submissions and closes carry their view; message shortcuts their message. */
const interactivePayload = interactive.superRefine((p, ctx) => {
  if (p.type === "block_actions" && !p.actions?.length) ctx.addIssue({ code: "custom", path: ["actions"], message: "block_actions without actions" });
  if ((p.type === "view_submission" || p.type === "view_closed") && !p.view) ctx.addIssue({ code: "custom", path: ["view"], message: `${p.type} without a view` });
  if (p.type === "view_submission" && p.view && !p.view.state) ctx.addIssue({ code: "custom", path: ["view", "state"], message: "view_submission without its state" });
  // A message shortcut's listener reads the message, its channel and the trigger for the modal.
  if (p.type === "message_action") {
    for (const key of ["message", "channel", "trigger_id"] as const) if (!p[key]) ctx.addIssue({ code: "custom", path: [key], message: `message_action without ${key}` });
    if (p.message && !p.message.ts) ctx.addIssue({ code: "custom", path: ["message", "ts"], message: "message_action message without ts" });
  }
});

const slashCommand = z.looseObject({
  command: z.string().regex(/^\/\S{1,31}$/),
  text: z.string().default(""),
  team_id: id,
  user_id: id,
  channel_id: id,
  trigger_id: z.string().min(1),
  response_url: z.string().min(1),
  enterprise_id: z.string().optional(),
});

const event = z.looseObject({
  type: z.string(),
  user: z.string().optional(),
  channel: z.string().optional(),
  text: z.string().optional(),
  ts: z.string().optional(),
  thread_ts: z.string().optional(),
  tab: z.string().optional(),
  tokens: z.looseObject({ bot: z.array(z.string()).optional(), oauth: z.array(z.string()).optional() }).optional(),
});

const eventsApi = z.looseObject({
  type: z.literal("event_callback"),
  team_id: id.optional(),
  enterprise_id: id.nullable().optional(),
  event_id: id,
  event,
  authorizations: z.array(z.looseObject({ team_id: id.nullable().optional(), user_id: z.string().optional() })).optional(),
});

/** What a mention and the Home tab listeners need of their event. */
const eventNeeds: Record<string, z.ZodType> = {
  app_mention: z.looseObject({ text: z.string(), channel: id, ts: z.string() }),
  app_home_opened: z.looseObject({ user: id, tab: z.string() }),
};

export type PayloadCheck = { ok: true } | { ok: false; issues: string[] };

/**
 * Checks a parsed, correctly signed body: a slash command (form fields), an interactive payload
 * (the form's `payload` JSON) or an Events API callback. Issues name paths, never values, so they
 * can be logged.
 */
export function checkSlackPayload(body: unknown): PayloadCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail(["(body): not an object"]);
  const record = body as Record<string, unknown>;
  if ("command" in record) return result(slashCommand.safeParse(record));
  if (record.type === "event_callback") {
    const parsed = eventsApi.safeParse(record);
    if (!parsed.success) return result(parsed);
    const needs = eventNeeds[parsed.data.event.type];
    return needs ? result(needs.safeParse(parsed.data.event), "event") : { ok: true };
  }
  if (typeof record.type === "string" && (record.type === "app_rate_limited" || record.type === "url_verification")) return { ok: true };
  return result(interactivePayload.safeParse(record));
}

function result(parsed: z.ZodSafeParseResult<unknown>, under?: string): PayloadCheck {
  if (parsed.success) return { ok: true };
  return fail(parsed.error.issues.slice(0, 5).map((i) => `${[under, ...i.path].filter((p) => p !== undefined).join(".") || "(body)"}: ${i.message}`));
}

function fail(issues: string[]): PayloadCheck {
  return { ok: false, issues };
}
