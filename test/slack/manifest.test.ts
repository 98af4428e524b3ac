import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { MESSAGE_SHORTCUTS } from "../../bots/slack/message-shortcuts.ts";
import { BOT_EVENTS, BOT_SCOPES } from "../../bots/slack/scopes.ts";
import { SLACK_BUILT_IN_COMMANDS, SLACK_COMMAND_MAX_LENGTH, slackCommandNames } from "../../bots/slack/slack-command-names.ts";
import { MANIFEST_EXAMPLE_URL, slackManifest } from "../../bots/slack/slack-manifest.ts";
import { EVENTS_PATH, OAUTH_REDIRECT_PATH } from "../../bots/slack/start-slack.ts";
import { COMMANDS, type CommandDef } from "../../core/commands/command-table.ts";
import { usage } from "../../core/commands/parse-text-command.ts";
import { configSchema } from "../../core/config/schema.ts";

const committed = readFileSync(new URL("../../bots/slack/manifest.yml", import.meta.url), "utf8");
const PREFIXES = ["", "acme-", "pixorly_", "x", "a-very-long-prefix"];

/** The manifest's slash commands, read field by field (the generator's layout is fixed). */
function slashCommands(manifest: string): { command: string; description: string; usageHint: string | null; url: string }[] {
  const section = manifest.slice(manifest.indexOf("slash_commands:"), manifest.indexOf("oauth_config:"));
  return section
    .split(/^\s*- command: /m)
    .slice(1)
    .map((entry) => {
      const field = (name: string) => {
        const raw = new RegExp(`^\\s*${name}: (.*)$`, "m").exec(entry)?.[1];
        return raw === undefined ? null : raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
      };
      return { command: entry.split("\n")[0]!.trim(), description: field("description")!, usageHint: field("usage_hint"), url: field("url")! };
    });
}

/** The "- item" lines right under `key:`. */
function listUnder(manifest: string, key: string): string[] {
  const lines = manifest.slice(manifest.indexOf(`${key}:\n`)).split("\n").slice(1);
  const items: string[] = [];
  for (const line of lines) {
    const item = /^\s+- (\S+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

/**
 * The scope each Web API method needs (docs.slack.dev/reference/methods/<method>); null: none.
 * conversations.open for a DM takes im:write.
 */
const METHOD_SCOPES: Record<string, string | null> = {
  "auth.test": null,
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "chat.postEphemeral": "chat:write",
  "conversations.open": "im:write",
  // Threads in public channels; private channels and group DMs need groups:history and mpim:history (checked below).
  "conversations.replies": "channels:history",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
  "files.uploadV2": "files:write",
  "files.delete": "files:write",
  "files.info": "files:read",
  "users.info": "users:read",
  "views.open": null,
  "views.update": null,
  "views.publish": null,
};

/** The scope each subscribed event needs (docs.slack.dev/reference/events/<event>); null: none. */
const EVENT_SCOPES: Record<string, string | null> = {
  app_home_opened: null,
  app_mention: "app_mentions:read",
  app_uninstalled: null,
  tokens_revoked: null,
};

/** Every `client.<family>.<method>(` the Slack edge's source calls. */
function calledMethods(): string[] {
  const dir = new URL("../../bots/slack/", import.meta.url);
  const found = new Set<string>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(new URL(file, dir), "utf8");
    for (const m of source.matchAll(/\bclient\??\.((?:chat|conversations|files|users|views|auth|reactions|team|apps)\.[A-Za-z0-9]+)\s*\(/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

describe("Slack app manifest", () => {
  it("the committed bots/slack/manifest.yml is the generated manifest (no prefix, example host)", () => {
    expect(committed).toBe(slackManifest());
    expect(slackManifest({ prefix: "", baseUrl: `${MANIFEST_EXAMPLE_URL}/` })).toBe(committed);
  });

  it("declares exactly the command table's commands, with their descriptions, usage and our request URL", () => {
    for (const prefix of PREFIXES) {
      const manifest = slackManifest({ prefix, baseUrl: "https://bots.acme.test" });
      const names = slackCommandNames(prefix);
      const declared = slashCommands(manifest);
      expect(declared.map((c) => c.command)).toEqual(names.all.map((c) => c.slack));
      for (const command of COMMANDS as readonly CommandDef[]) {
        const entry = declared.find((c) => c.command === names.slackName(command.name))!;
        expect(entry.description).toBe(command.description);
        expect(entry.usageHint).toBe(usage(command).replace(/^\/\S+\s*/, "") || null);
        expect(entry.url).toBe(`https://bots.acme.test${EVENTS_PATH}`);
      }
    }
  });

  it("Slack refuses built-in command names: no declared command is a Slack built-in, under any prefix", () => {
    expect(SLACK_BUILT_IN_COMMANDS).toContain("search");
    const builtIns = new Set(SLACK_BUILT_IN_COMMANDS.map((n) => `/${n}`));
    for (const prefix of PREFIXES) {
      for (const { command } of slashCommands(slackManifest({ prefix }))) expect(builtIns.has(command), `${command} (prefix "${prefix}")`).toBe(false);
    }
  });

  it("Slack command names are lowercase and at most 32 characters, even with the longest prefix allowed", () => {
    for (const prefix of PREFIXES) {
      for (const { command } of slashCommands(slackManifest({ prefix }))) {
        expect(command).toMatch(/^\/[a-z0-9_-]+$/);
        expect(command.length).toBeLessThanOrEqual(SLACK_COMMAND_MAX_LENGTH);
      }
    }
    expect(() => slackCommandNames("Acme")).toThrow(/SLACK_COMMAND_PREFIX/);
    expect(() => slackCommandNames("a-prefix-of-19-char")).toThrow(/SLACK_COMMAND_PREFIX/);
  });

  it("Slack resolves command names org-wide: SLACK_COMMAND_PREFIX keeps two installs' names apart, /imagine kept without one", () => {
    const plain = slackCommandNames("").all.map((c) => c.slack);
    const acme = slackCommandNames("acme-").all.map((c) => c.slack);
    expect(plain).toContain("/imagine");
    expect(acme).toContain("/acme-imagine");
    expect(plain.filter((n) => acme.includes(n))).toEqual([]);
    // Each prefixed name maps back to its core command, and only to it.
    for (const { command, slack } of slackCommandNames("acme-").all) expect(slackCommandNames("acme-").coreCommand(slack)).toBe(command);
    expect(slackCommandNames("acme-").coreCommand("/imagine")).toBeUndefined();
  });

  it("SLACK_COMMAND_PREFIX is checked at start: lowercase letters, digits, - and _ only", () => {
    const prefix = configSchema.shape.SLACK_COMMAND_PREFIX;
    expect(prefix.parse(undefined)).toBe("");
    expect(prefix.parse("")).toBe("");
    expect(prefix.parse("acme-")).toBe("acme-");
    expect(prefix.safeParse("Acme").success).toBe(false);
    expect(prefix.safeParse("ac me").success).toBe(false);
  });

  it("Slack needs a scope for each subscribed event: the manifest's scopes cover its event subscriptions", () => {
    const scopes = listUnder(committed, "    bot");
    const events = listUnder(committed, "    bot_events");
    expect(events).toEqual([...BOT_EVENTS]);
    for (const event of events) {
      expect(event in EVENT_SCOPES, `scope of event ${event} unknown: add it to EVENT_SCOPES`).toBe(true);
      const needed = EVENT_SCOPES[event];
      if (needed) expect(scopes).toContain(needed);
    }
  });

  it("Slack refuses a method without its scope (missing_scope): the manifest's scopes cover every Web API method the app calls", () => {
    const scopes = listUnder(committed, "    bot");
    expect(scopes).toEqual([...BOT_SCOPES]);
    expect(scopes).toContain("commands");
    const methods = calledMethods();
    expect(methods.length).toBeGreaterThan(5);
    for (const method of [...methods, "auth.test", "files.getUploadURLExternal", "files.completeUploadExternal"]) {
      expect(method in METHOD_SCOPES, `scope of ${method} unknown: add it to METHOD_SCOPES`).toBe(true);
      const needed = METHOD_SCOPES[method];
      if (needed) expect(scopes, method).toContain(needed);
    }
  });

  it("conversations.replies needs the history scope of each conversation kind a mention can come from", () => {
    const scopes = listUnder(committed, "    bot");
    for (const scope of ["channels:history", "groups:history", "mpim:history"]) expect(scopes).toContain(scope);
  });

  it("declares the \"Remix with Pixorly\" message shortcut (name at most 25 characters, description at most 80)", () => {
    expect(committed).toMatch(/ {2}shortcuts:\n {4}- name: Remix with Pixorly\n {6}type: message\n {6}callback_id: pixorly_remix\n {6}description: .+\n/);
    for (const s of MESSAGE_SHORTCUTS) {
      expect(s.name.length).toBeLessThanOrEqual(25);
      expect(s.description.length).toBeLessThanOrEqual(80);
    }
  });

  it("asks for OAuth redirects, the Home tab and interactivity at our paths", () => {
    expect(listUnder(committed, "  redirect_urls")[0]!.endsWith(OAUTH_REDIRECT_PATH)).toBe(true);
    expect(committed).toMatch(/home_tab_enabled: true/);
    expect(committed).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/\S+\/slack\/events/);
  });
});
