import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signatureHeaders } from "./signing.ts";
import { BOT_USER, CHANNEL, slackHarness, type SlackHarness } from "./slack-harness.ts";

/**
 * Mention, link and entity tricks people can type. Slack parses `<...>` in mrkdwn and in a
 * message's `text` as mentions (<!channel> pings everyone), links and dates; a person's text
 * must reach Slack escaped (&lt; &gt; &amp;) in every field, so it shows as typed and pings no one.
 */
const CORPUS = [
  "<!channel>",
  "<!here>",
  "<!everyone>",
  "<@U0EVIL>",
  "<#C0EVIL|general>",
  "<!subteam^S0EVIL|@admins>",
  "<http://example.evil|click me>",
  "<mailto:boss@example.evil|boss>",
  "<!date^1392734382^{date}|today>",
  "&lt;!channel&gt;",
  "*bold* _it_ ~strike~ `code` >quote",
];

/** Live markup that could only have come from the corpus. */
const LIVE = /<!channel|<!here|<!everyone|<@U0EVIL|<#C0EVIL|<!subteam|<http:\/\/example\.evil|<mailto:|<!date/;

/** What Slack posts for typed text: "&", "<" and ">" as entities. */
const asSlackSends = (typed: string) => typed.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * Every string inside `value` that Slack parses for markup: a message's `text`, mrkdwn text
 * objects, a file's `initial_comment`. plain_text objects, alt_text, titles and input values
 * are shown as they are (Slack parses nothing there), so a prompt may sit in them unescaped.
 */
function parsedStrings(value: unknown, path: string, key = "", parent: Record<string, unknown> | null = null, out: { path: string; text: string }[] = []) {
  if (typeof value === "string") {
    // Structured fields travel as JSON strings in form posts.
    if (/^[[{]/.test(value)) {
      try {
        return parsedStrings(JSON.parse(value), `${path}(json)`, key, parent, out);
      } catch {
        /* not JSON: a string like any other */
      }
    }
    const parsed = (key === "text" && parent?.type !== "plain_text") || key === "initial_comment" || key === "";
    if (parsed) out.push({ path, text: value });
  } else if (Array.isArray(value)) value.forEach((v, i) => parsedStrings(v, `${path}[${i}]`, key, parent, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) parsedStrings(v, `${path}.${k}`, k, value as Record<string, unknown>, out);
  }
  return out;
}

/** Every string inside `value` (to show the corpus reached Slack at all). */
const allStrings = (value: unknown): string => JSON.stringify(value);

describe("Slack markup injection", () => {
  let h: SlackHarness;
  /** The HTTP answers (acks) our server gave: they are messages too. */
  const acks: { label: string; body: string }[] = [];
  beforeAll(async () => {
    h = await slackHarness({ admins: ["U0ADMIN"], plan: "ENTERPRISE" });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  const slash = async (command: string, typed: string, o: Parameters<SlackHarness["slash"]>[2] = {}) => {
    const res = await h.slash(command, asSlackSends(typed), o);
    acks.push({ label: `${command} ${typed}`, body: await res.text() });
  };

  it("person-supplied text is inert in every field of every call to Slack (text, blocks, modals, App Home, files, response_url)", async () => {
    for (const [i, trick] of CORPUS.entries()) {
      // Prompt, negative prompt, the asker's name, the channel's (collection's) name.
      await slash("/imagine", `${trick} a fox --no ${trick}`, { userName: trick, channelName: trick, user: "U0ALICE" });
      await slash("/imagine", `${trick} a private owl --private`, { userName: trick });
      // Error echoes: an unknown option, a bad number, an unknown job, an unknown command.
      await slash("/imagine", `a fox --${trick}`);
      await slash("/imagine", `a fox --n ${trick}`);
      await slash("/show", trick);
      await slash("/cancel", trick);
      await slash("/imagine-help", trick);
      // Search words, the channel's collection, settings and key names (admin).
      await slash("/search-images", `${trick} fox`);
      await slash("/collection", "", { channelName: trick });
      await slash("/settings", `--block-words ${trick}`, { user: "U0ADMIN" });
      await slash("/apikey", `create --name ${trick.slice(0, 30)}`, { user: "U0ADMIN" });
      // A mention in a thread.
      const mention = await h.event(
        { type: "app_mention", user: "U0ALICE", text: `<@${BOT_USER}> ${asSlackSends(trick)} a heron`, ts: `1700000100.00000${i}`, channel: CHANNEL, event_ts: "1.1" },
        { eventId: `Ev0TRICK${i}` },
      );
      acks.push({ label: `mention ${trick}`, body: await mention.text() });
    }
    const jobs = await h.jobs();
    for (const job of jobs) await h.settled(job.id, 15_000);

    // Buttons on the jobs, listings, the modal, credits (member names) and the Home tab.
    for (const job of jobs.slice(0, 6)) {
      for (const action of ["px:job:details", "px:job:save", "px:job:regenerate", "px:job:variations"]) {
        const res = await h.press(action, job.id, { user: "U0ALICE" });
        acks.push({ label: `${action}`, body: await res.text() });
      }
    }
    await slash("/jobs", "");
    await slash("/collection", "2", { channelName: CORPUS[0] });
    await slash("/credits", "", { user: "U0ADMIN" });
    await slash("/apikey", "list", { user: "U0ADMIN" });
    await slash("/settings", "", { user: "U0ADMIN" });
    const home = await h.event({ type: "app_home_opened", user: "U0ALICE", channel: "D0HOME", tab: "home", event_ts: "1.2" }, { eventId: "Ev0HOME" });
    acks.push({ label: "home", body: await home.text() });

    // Let every answer land: the modal's fill, the Home tab, results, rerun jobs.
    await h.fake.waitFor(() => h.fake.callsTo("views.update").length > 0 && h.fake.callsTo("views.publish").length > 0, 15_000);
    for (const job of await h.jobs()) await h.settled(job.id, 15_000);
    await new Promise((r) => setTimeout(r, 500));

    const outgoing = [
      ...h.fake.calls.flatMap((c) => parsedStrings(c.args, c.method, "args")),
      ...h.fake.responses.flatMap((r) => parsedStrings(r.body, `response_url ${r.id}`, "body")),
      ...acks.flatMap((a) => parsedStrings(a.body, `ack of ${a.label}`)),
    ];
    const live = outgoing.filter((s) => LIVE.test(s.text)).map((s) => `${s.path}: ${s.text.slice(0, 160)}`);
    expect(live).toEqual([]);

    // The corpus did reach Slack (escaped), so the check above looked at real traffic.
    const all = outgoing.map((s) => s.text).join("\n") + allStrings(h.fake.calls);
    for (const method of ["chat.postMessage", "chat.update", "views.publish", "files.completeUploadExternal"]) expect(h.fake.callsTo(method).length, method).toBeGreaterThan(0);
    expect(all).toContain("&lt;!channel&gt; a fox");
    expect(all).toContain("&amp;lt;!channel&amp;gt;");
    expect(h.fake.responses.length).toBeGreaterThan(CORPUS.length * 5);
  }, 120_000);

  it("a signed request still cannot smuggle markup through a modal submission's error echo", async () => {
    const body = new URLSearchParams({
      payload: JSON.stringify({
        type: "view_submission",
        team: { id: "T0PIXORLY", domain: "pixorly-test" },
        user: { id: "U0ALICE", name: "<!channel>", team_id: "T0PIXORLY" },
        view: { id: "V9", callback_id: "px:settings", state: { values: { block_words: { value: { type: "plain_text_input", value: "<!channel>" } } } } },
      }),
    }).toString();
    const res = await h.post(body, signatureHeaders(body));
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toMatch(LIVE);
  });
});
