import { readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BOT_SCOPES } from "../../bots/slack/scopes.ts";
import { slackHarness, type SlackHarness } from "./slack-harness.ts";

/** What the fake Slack's oauth.v2.access hands out for "good-code". */
const INSTALLED_TOKEN = "xoxb-installed-0123456789-secret";
const INSTALLED_TEAM = "T0INSTALL";

describe("Slack OAuth install (many workspaces)", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await slackHarness({ oauth: true });
  });
  afterEach(async () => {
    await h.cleanup();
  });

  /** Bolt's install page sets the state cookie; Slack redirects back with the code and that state. */
  async function install(code = "good-code"): Promise<Response> {
    const page = await fetch(`${h.base}/slack/install`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const state = /slack-app-oauth-state=([^;]+)/.exec(page.headers.get("set-cookie") ?? "")?.[1];
    expect(state).toBeTruthy();
    expect(html).toContain(`state=${state}`);
    expect(html).toContain(`scope=${encodeURIComponent(BOT_SCOPES.join(","))}&`);
    expect(html).toContain("scope=app_mentions%3Aread%2Cchannels%3Ahistory%2Cchat%3Awrite%2Ccommands%2Cfiles%3Aread%2Cfiles%3Awrite%2Cgroups%3Ahistory%2Cim%3Awrite%2Cmpim%3Ahistory%2Cusers%3Aread");
    return fetch(`${h.base}/slack/oauth_redirect?code=${code}&state=${state}`, { headers: { cookie: `slack-app-oauth-state=${state}` } });
  }

  it("stores the installation with the bot token encrypted: the database files never hold it", async () => {
    const done = await install();
    expect(done.status).toBe(200);
    const workspace = await h.store.workspaces.findByExternal("slack", INSTALLED_TEAM);
    expect(workspace).toMatchObject({ name: "Installed Team", active: true });

    // The main file and its WAL: a token written anywhere in SQLite would show in one of them.
    const dir = dirname(h.dbFile);
    const files = readdirSync(dir).filter((name) => name.startsWith(basename(h.dbFile)));
    expect(files).toContain("pixorly.db-wal");
    const bytes = Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
    expect(bytes.includes(Buffer.from(INSTALLED_TEAM))).toBe(true);
    expect(bytes.includes(Buffer.from(INSTALLED_TOKEN))).toBe(false);
    expect(bytes.includes(Buffer.from("0123456789-secret"))).toBe(false);
  });

  it("serves the installed team with its own token, and an uninstall deactivates the workspace", async () => {
    expect((await install()).status).toBe(200);
    expect((await h.slash("/imagine", "a fresh install", { team: INSTALLED_TEAM })).status).toBe(200);
    const posted = await h.fake.waitFor(() => h.fake.callsTo("chat.postMessage")[0]);
    expect(posted.token).toBe(INSTALLED_TOKEN);

    expect((await h.event({ type: "app_uninstalled" }, { eventId: "Ev0UNINSTALL", team: INSTALLED_TEAM })).status).toBe(200);
    await expect.poll(async () => (await h.store.workspaces.findByExternal("slack", INSTALLED_TEAM))?.active).toBe(false);

    // Without an installation Bolt cannot authorize the team: nothing reaches core.
    const after = await h.slash("/imagine", "after uninstall", { team: INSTALLED_TEAM });
    expect(after.status).toBe(401);
    const workspace = await h.store.workspaces.findByExternal("slack", INSTALLED_TEAM);
    expect((await h.store.jobs.list({ workspaceId: workspace!.id, limit: 10 })).map((j) => j.prompt)).toEqual(["a fresh install"]);

    // Installing again brings the workspace back.
    expect((await install()).status).toBe(200);
    expect((await h.store.workspaces.findByExternal("slack", INSTALLED_TEAM))?.active).toBe(true);
  });

  it("refuses a callback whose state does not belong to the browser", async () => {
    const res = await fetch(`${h.base}/slack/oauth_redirect?code=good-code&state=forged`, { headers: { cookie: "slack-app-oauth-state=other" } });
    expect(res.status).toBe(400);
    expect(await h.store.workspaces.findByExternal("slack", INSTALLED_TEAM)).toBeNull();
  });
});
