import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { interactionBody, signatureHeaders } from "./signing.ts";
import { CHANNEL, slackHarness, TEAM, type SlackHarness } from "./slack-harness.ts";

const textOf = (body: Record<string, unknown>) => JSON.stringify(body.blocks ?? body.text);

describe("Slack commands other than /imagine", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness({ admins: ["U0ADMIN"] });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  /** Runs a command and returns what it answered through its response_url. */
  async function answer(command: string, text: string, user = "U0ALICE") {
    const id = `${command.slice(1)}-${user}-${Math.random().toString(36).slice(2)}`;
    const res = await h.slash(command, text, { user, responseId: id });
    expect(res.status).toBe(200);
    return (await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === id))).body;
  }

  it("/credits: a member sees the pool and their own usage; a Slack admin also sees every member", async () => {
    await h.slash("/imagine", "a comet", { user: "U0ALICE" });
    await h.settled((await h.jobs())[0]!.id);

    const member = await answer("/credits", "", "U0ALICE");
    expect(member.response_type).toBe("ephemeral");
    expect(textOf(member)).toContain("FREE plan, 9 credits left");
    expect(textOf(member)).toContain("You, last 30 days: 1 job done");
    expect(textOf(member)).not.toContain("Members, last 30 days");

    expect(textOf(member)).not.toContain("chart");
    // The chart goes to the asker's DM before the text answer, so a member's answer proves none went.
    expect(h.fake.callsTo("conversations.open").filter((c) => c.args.users === "U0ALICE")).toEqual([]);
    expect(h.fake.callsTo("files.getUploadURLExternal").filter((c) => String(c.args.filename).startsWith("usage-"))).toEqual([]);

    const admin = await answer("/credits", "", "U0ADMIN");
    expect(textOf(admin)).toContain("Members, last 30 days:");
    expect(textOf(admin)).toContain("u0alice: 1 credit, 1 image");
    expect(textOf(admin)).toContain("The 30-day chart is in your direct messages with Pixorly.");
    expect(h.fake.callsTo("users.info").map((c) => c.args.user)).toEqual(["U0ALICE", "U0ADMIN"]);

    // The admin's chart: a PNG uploaded into their DM with the app (which conversations.open gives).
    expect(h.fake.callsTo("conversations.open").map((c) => c.args.users)).toContain("U0ADMIN");
    const completed = h.fake.callsTo("files.completeUploadExternal").filter((c) => c.args.channel_id === "DU0ADMIN");
    expect(completed).toHaveLength(1);
    const [file] = completed[0]!.args.files as { id: string; title: string }[];
    expect(file!.title).toMatch(/^usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.png$/);
    expect([...h.fake.uploads.get(file!.id)!.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it("/imagine-help lists every command under its Slack name; /jobs, /show and /search-images find the job", async () => {
    const help = textOf(await answer("/imagine-help", ""));
    for (const name of ["imagine", "credits", "jobs", "show", "cancel", "collection", "search-images", "settings", "imagine-help"]) expect(help).toContain(`/${name}`);

    await h.slash("/imagine", "a lighthouse at dusk");
    const [job] = await h.jobs();
    await h.settled(job!.id);
    expect(textOf(await answer("/jobs", ""))).toContain(job!.id);
    const shown = await answer("/show", job!.id);
    expect(textOf(shown)).toContain("a lighthouse at dusk");
    expect(textOf(shown)).toContain("px:job:regenerate");
    expect(textOf(await answer("/search-images", "lighth"))).toContain(job!.id);
    expect(textOf(await answer("/show", "job_missing"))).toContain("No job job_missing in this workspace.");
  });

  it("/show of another member's private job answers with the engine's refusal and never the prompt", async () => {
    await h.slash("/imagine", "a secret birthday card --private", { user: "U0ALICE" });
    const [job] = await h.jobs();
    await h.settled(job!.id);
    expect(textOf(await answer("/show", job!.id, "U0ALICE"))).toContain("a secret birthday card");
    const refused = textOf(await answer("/show", job!.id, "U0BOB"));
    expect(refused).toContain("That job is private to the person who asked for it.");
    expect(refused).not.toContain("secret birthday");
  });

  it("/cancel refunds a queued job; only its requester or an admin may", async () => {
    // Without workers the job stays queued, so there is something to cancel.
    const fresh = await slackHarness({ admins: ["U0ADMIN"], workers: false });
    try {
      await fresh.slash("/imagine", "a slow river", { user: "U0ALICE" });
      const [job] = await fresh.jobs();
      const other = await fresh.slash("/cancel", job!.id, { user: "U0BOB", responseId: "bob-cancel" });
      expect(other.status).toBe(200);
      const refused = await fresh.fake.waitFor(() => fresh.fake.responses.find((r) => r.id === "bob-cancel"));
      expect(textOf(refused.body)).toContain("Only the person who asked for this image or a workspace admin can cancel it.");

      await fresh.slash("/cancel", job!.id, { user: "U0ADMIN", responseId: "admin-cancel" });
      const done = await fresh.fake.waitFor(() => fresh.fake.responses.find((r) => r.id === "admin-cancel"));
      expect(textOf(done.body)).toContain("Cancelled — 1 credit refunded");
      expect((await fresh.store.jobs.get(job!.id))!.status).toBe("cancelled");
      // The job's own message is updated in place by the notifier.
      await fresh.fake.waitFor(() => [...fresh.fake.messages.values()].find((m) => m.text.startsWith("Cancelled")));
    } finally {
      await fresh.cleanup();
    }
  });

  it("/settings is for admins; with options it saves, without it opens the modal, and the modal saves", async () => {
    expect(textOf(await answer("/settings", "--daily-cap 5", "U0ALICE"))).toContain("Only workspace admins and owners can use /settings.");

    const saved = await answer("/settings", `--daily-cap 5 --channels <#${CHANNEL}|general>`, "U0ADMIN");
    expect(textOf(saved)).toContain("Member daily cap: 5 credits");
    expect((await h.workspace())!.settings).toMatchObject({ memberDailyCap: 5, allowedChannels: [`slack:${TEAM}/${CHANNEL}`] });

    await h.slash("/settings", "", { user: "U0ADMIN" });
    const opened = await h.fake.waitFor(() => h.fake.callsTo("views.open")[0]);
    expect(JSON.stringify(opened.args.view)).toContain("Loading");
    const filled = await h.fake.waitFor(() => h.fake.callsTo("views.update")[0]);
    expect(filled.args.view_id).toBe((opened.answer!.view as { id: string }).id);
    const view = filled.args.view as { callback_id: string; blocks: { block_id: string }[] };
    expect(view.callback_id).toBe("px:settings");
    expect(view.blocks.map((b) => b.block_id)).toEqual(["default_model", "allowed_models", "block_words", "daily_cap", "nsfw", "sharing", "channels"]);

    const submit = (user: string, cap: string) =>
      interactionBody({
        type: "view_submission",
        team: { id: TEAM, domain: "pixorly-test" },
        user: { id: user, name: user.toLowerCase(), team_id: TEAM },
        api_app_id: "A0APP",
        token: "unused",
        trigger_id: "t-view",
        view: {
          id: "V1",
          type: "modal",
          callback_id: "px:settings",
          team_id: TEAM,
          app_id: "A0APP",
          bot_id: "B0BOT",
          hash: "h",
          private_metadata: "",
          title: { type: "plain_text", text: "Pixorly settings" },
          blocks: [],
          state: {
            values: {
              default_model: { value: { type: "static_select", selected_option: { value: "local" } } },
              allowed_models: { value: { type: "multi_static_select", selected_options: [] } },
              block_words: { value: { type: "plain_text_input", value: "gore, spiders" } },
              daily_cap: { value: { type: "number_input", value: cap } },
              nsfw: { value: { type: "static_select", selected_option: { value: "block" } } },
              sharing: { value: { type: "static_select", selected_option: { value: "off" } } },
              channels: { value: { type: "multi_conversations_select", selected_conversations: [] } },
            },
          },
        },
      });
    const body = submit("U0ADMIN", "12");
    const res = await h.post(body, signatureHeaders(body));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect((await h.workspace())!.settings).toMatchObject({
      defaultModel: "local",
      blockWords: ["gore", "spiders"],
      memberDailyCap: 12,
      sharingEnabled: false,
      allowedChannels: [],
    });

    // A member's submission is refused on the form, and nothing changes.
    const sneaky = submit("U0ALICE", "999");
    const refused = await h.post(sneaky, signatureHeaders(sneaky));
    expect(await refused.json()).toEqual({ response_action: "errors", errors: { default_model: "Only workspace admins can change settings." } });
    expect((await h.workspace())!.settings.memberDailyCap).toBe(12);
  });

  it("the Home tab shows the member's credits and recent images", async () => {
    await h.slash("/imagine", "a kite over dunes", { user: "U0ALICE" });
    await h.settled((await h.jobs())[0]!.id);
    const res = await h.event({ type: "app_home_opened", user: "U0ALICE", channel: "D0ALICE", tab: "home", event_ts: "1.1" }, { eventId: "Ev-home" });
    expect(res.status).toBe(200);
    const published = await h.fake.waitFor(() => h.fake.callsTo("views.publish")[0]);
    expect(published.args.user_id).toBe("U0ALICE");
    const view = JSON.stringify(published.args.view);
    expect(view).toContain("9 credits left");
    expect(view).toContain("a kite over dunes");
  });

  it("/collection pages with Next and Previous buttons that carry the page", async () => {
    for (const prompt of ["a tide pool --n 4", "a salt marsh --n 4", "a heron"]) {
      await h.slash("/imagine", prompt);
      await h.settled((await h.jobMatching((j) => prompt.startsWith(j.prompt))).id);
    }
    const first = await answer("/collection", "");
    expect(textOf(first)).toContain("9 image(s), page 1 of 2");
    const actions = (first.blocks as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[]).find((b) => b.type === "actions")!;
    expect(actions.elements!.map((e) => e.text.text)).toEqual(["Next ▶", "My saved images"]);

    const next = actions.elements![0]!;
    await h.press(next.action_id, next.value, { ephemeral: true, responseId: "page-2" });
    const second = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "page-2"));
    expect(second.body.replace_original).toBe(true);
    expect(textOf(second.body)).toContain("9 image(s), page 2 of 2");
    expect(textOf(second.body)).toContain("◀ Previous");

    // A value that does not parse (an older version's, or forged) is answered, not trusted.
    await h.press(next.action_id, '{"kind":"collection","scope":"everyone","page":1}', { ephemeral: true, responseId: "forged-page" });
    const refused = await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === "forged-page"));
    expect(refused.body.text).toBe("This button no longer works; run the command again.");
  });

  it("/apikey is for admins and shows a created key only in the private answer; /forget-me asks first", async () => {
    expect(textOf(await answer("/apikey", "list", "U0ALICE"))).toContain("Only workspace admins and owners can use /apikey.");
    const created = await answer("/apikey", "create --name ci", "U0ADMIN");
    expect(created.response_type).toBe("ephemeral");
    expect(textOf(created)).toMatch(/API key \\"ci\\" created/);
    expect(textOf(created)).toMatch(/pxl_\w+/);
    expect(textOf(await answer("/apikey", "list", "U0ADMIN"))).toContain("API keys (1 active):");

    const asked = await answer("/forget-me", "", "U0ALICE");
    expect(textOf(asked)).toContain("To go ahead: /forget-me --confirm");
  });
});

describe("Slack command names under SLACK_COMMAND_PREFIX", () => {
  it("Slack resolves command names org-wide: a prefixed install answers its prefixed names, maps them back to the core commands, and names them in its text", async () => {
    const h = await slackHarness({ commandPrefix: "acme-" });
    try {
      const answer = async (command: string, text: string, id: string) => {
        expect((await h.slash(command, text, { responseId: id })).status).toBe(200);
        return JSON.stringify((await h.fake.waitFor(() => h.fake.responses.find((r) => r.id === id))).body);
      };
      const help = await answer("/acme-imagine-help", "", "help");
      expect(help).toContain("/acme-imagine ");
      expect(help).toContain("/acme-search-images");
      expect(help).not.toMatch(/[\s`]\/imagine /);
      expect(await answer("/acme-imagine-help", "acme-jobs", "help-jobs")).toContain("/acme-jobs");

      const posted = await h.slash("/acme-imagine", "a lighthouse at dusk");
      expect(posted.status).toBe(200);
      const [job] = await h.jobs();
      expect(job!.prompt).toBe("a lighthouse at dusk");
      await h.settled(job!.id);
      expect(await answer("/acme-search-images", "lighthouse", "search")).toContain(job!.id);
      expect(await answer("/acme-apikey", "list", "apikey")).toContain("Only workspace admins and owners can use /acme-apikey.");
      expect(await answer("/acme-forget-me", "", "forget")).toContain("/acme-forget-me --confirm");

      // The unprefixed names belong to another install (or Slack): this one does not answer them.
      expect((await h.slash("/imagine", "a fox")).status).toBe(404);
    } finally {
      await h.cleanup();
    }
  });
});
