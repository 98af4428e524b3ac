import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { interactionBody, signatureHeaders, slashCommandBody } from "./signing.ts";
import { BOT_USER, CHANNEL, slackHarness, TEAM, type SlackHarness } from "./slack-harness.ts";

/** Well-formed payloads of each kind Slack posts; the fuzz breaks one field of one of them. */
function validPayloads(h: SlackHarness) {
  const blockActions = {
    type: "block_actions",
    team: { id: TEAM, domain: "pixorly-test" },
    user: { id: "U0ALICE", username: "alice", team_id: TEAM },
    api_app_id: "A0APP",
    trigger_id: "trigger-fuzz",
    response_url: h.fake.responseUrl("fuzz"),
    channel: { id: CHANNEL, name: "general" },
    container: { type: "message", message_ts: "1.1", channel_id: CHANNEL, is_ephemeral: false },
    message: { type: "message", ts: "1.1" },
    actions: [{ type: "button", action_id: "px:job:details", block_id: "b", value: "job_missing", action_ts: "1.2" }],
  };
  const viewSubmission = {
    type: "view_submission",
    team: { id: TEAM, domain: "pixorly-test" },
    user: { id: "U0ALICE", username: "alice", team_id: TEAM },
    view: { id: "V1", callback_id: "px:settings", state: { values: {} } },
  };
  const mention = {
    type: "event_callback",
    team_id: TEAM,
    api_app_id: "A0APP",
    event_id: "Ev0FUZZ",
    event_time: 1_700_000_000,
    event: { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> a fox`, ts: "1.5", channel: CHANNEL },
    authorizations: [{ team_id: TEAM, user_id: BOT_USER, is_bot: true }],
  };
  return { blockActions, viewSubmission, mention } as Record<string, Record<string, unknown>>;
}

/** Values Slack never sends where an id, a string or an object belongs. */
const junk = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.integer(),
  fc.boolean(),
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.constant(null), { minLength: 1, maxLength: 2 }),
  fc.dictionary(fc.constantFrom("id", "action_id", "type", "value"), fc.oneof(fc.constant(null), fc.integer(), fc.string({ maxLength: 4 }))),
);

const PATHS: Record<string, string[][]> = {
  blockActions: [["type"], ["user"], ["user", "id"], ["team"], ["team", "id"], ["channel"], ["channel", "id"], ["container"], ["actions"], ["actions", "0"], ["actions", "0", "action_id"], ["actions", "0", "value"], ["actions", "0", "type"], ["message"], ["response_url"], ["trigger_id"]],
  viewSubmission: [["type"], ["user"], ["user", "id"], ["team"], ["view"], ["view", "callback_id"], ["view", "state"], ["view", "state", "values"]],
  mention: [["type"], ["event"], ["event", "type"], ["event", "text"], ["event", "channel"], ["event", "user"], ["event", "ts"], ["team_id"], ["event_id"], ["authorizations"], ["authorizations", "0"]],
};

/** A copy of `payload` with the value at `path` replaced (undefined deletes it). */
function withValue(payload: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(payload);
  let node = copy as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) return copy;
    node = node[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

describe("Slack payloads that are signed but malformed", () => {
  let h: SlackHarness;
  beforeAll(async () => {
    h = await slackHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  const send = (kind: string, payload: Record<string, unknown>) => {
    if (kind === "mention") {
      const body = JSON.stringify(payload);
      return h.post(body, { "content-type": "application/json", ...signatureHeaders(body) });
    }
    const body = interactionBody(payload);
    return h.post(body, signatureHeaders(body));
  };

  it("a signed payload with a null user, a numeric action_id or no actions gets a 400 and a warning, never a 500", async () => {
    const base = validPayloads(h).blockActions!;
    for (const broken of [withValue(base, ["user"], null), withValue(base, ["actions", "0", "action_id"], 7), withValue(base, ["actions"], null), withValue(base, ["team"], 5)]) {
      const res = await send("blockActions", broken);
      expect(res.status).toBe(400);
    }
    expect(h.logs.filter((l) => l.msg === "refused a signed Slack payload of an unexpected shape").length).toBeGreaterThanOrEqual(4);
    // The warning names the field, not its value.
    expect(JSON.stringify(h.logs)).toContain("actions.0.action_id");

    const command = slashCommandBody({ command: "/imagine", text: "a fox", teamId: TEAM, channelId: CHANNEL, userId: "U0ALICE", triggerId: "t", responseUrl: h.fake.responseUrl("x") });
    const noUser = command.replace(/&user_id=[^&]*/, "");
    expect((await h.post(noUser, signatureHeaders(noUser))).status).toBe(400);
    expect(await h.jobs()).toEqual([]);
  });

  it("fuzz: 200 signed payloads with one field broken never get a 5xx", async () => {
    const valid = validPayloads(h);
    const cases = fc.sample(
      fc.constantFrom(...Object.keys(PATHS)).chain((kind) => fc.tuple(fc.constant(kind), fc.constantFrom(...PATHS[kind]!), junk)),
      { numRuns: 200, seed: 13 },
    );
    const statuses: number[] = [];
    // In parallel batches: a payload no listener takes is answered by Bolt only after 3 s.
    for (let i = 0; i < cases.length; i += 50) {
      const batch = cases.slice(i, i + 50);
      statuses.push(...(await Promise.all(batch.map(async ([kind, path, value]) => (await send(kind, withValue(valid[kind]!, path, value))).status))));
    }
    const failures = statuses.map((status, i) => ({ status, case: cases[i] })).filter((r) => r.status >= 500);
    expect(failures).toEqual([]);
    expect(statuses).toHaveLength(200);
    // Most broken payloads are refused up front; the rest were shapes Bolt and our listeners take.
    expect(statuses.filter((s) => s === 400).length).toBeGreaterThan(50);
  }, 60_000);
});
