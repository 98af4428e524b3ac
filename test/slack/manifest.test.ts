import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BOT_SCOPES } from "../../bots/slack/scopes.ts";
import { EVENTS_PATH, OAUTH_REDIRECT_PATH } from "../../bots/slack/start-slack.ts";
import { COMMANDS, type CommandDef } from "../../core/commands/command-table.ts";
import { usage } from "../../core/commands/parse-text-command.ts";

const manifest = readFileSync(new URL("../../bots/slack/manifest.yml", import.meta.url), "utf8");

/** The manifest's slash commands, read field by field (the file is ours; its layout is fixed). */
function slashCommands(): { command: string; description: string; usageHint: string | null; url: string }[] {
  const section = manifest.slice(manifest.indexOf("slash_commands:"), manifest.indexOf("oauth_config:"));
  return section
    .split(/^\s*- command: /m)
    .slice(1)
    .map((entry) => {
      const field = (name: string) => new RegExp(`^\\s*${name}: "?(.*?)"?$`, "m").exec(entry)?.[1] ?? null;
      return { command: entry.split("\n")[0]!.trim(), description: field("description")!, usageHint: field("usage_hint"), url: field("url")! };
    });
}

/** The "- item" lines right under `key:`. */
function listUnder(key: string): string[] {
  const start = manifest.indexOf(`${key}:\n`);
  const lines = manifest.slice(start).split("\n").slice(1);
  const items: string[] = [];
  for (const line of lines) {
    const item = /^\s+- (\S+)$/.exec(line);
    if (!item) break;
    items.push(item[1]!);
  }
  return items;
}

describe("bots/slack/manifest.yml", () => {
  it("declares exactly the command table's commands, with its descriptions and usage", () => {
    const declared = slashCommands();
    expect(declared.map((c) => c.command)).toEqual((COMMANDS as readonly CommandDef[]).map((c) => `/${c.name}`));
    for (const command of COMMANDS as readonly CommandDef[]) {
      const entry = declared.find((c) => c.command === `/${command.name}`)!;
      expect(entry.description).toBe(command.description);
      const hint = usage(command).replace(/^\/\S+\s*/, "");
      expect(entry.usageHint).toBe(hint || null);
      expect(entry.url.endsWith(EVENTS_PATH)).toBe(true);
    }
  });

  it("asks for the scopes the OAuth install requests, and subscribes to the events the app handles", () => {
    expect(listUnder("    bot")).toEqual([...BOT_SCOPES]);
    expect(listUnder("    bot_events")).toEqual(["app_home_opened", "app_mention", "app_uninstalled", "tokens_revoked"]);
    expect(listUnder("  redirect_urls")[0]!.endsWith(OAUTH_REDIRECT_PATH)).toBe(true);
    expect(manifest).toMatch(/home_tab_enabled: true/);
    expect(manifest).toMatch(/interactivity:\n\s+is_enabled: true\n\s+request_url: https:\/\/\S+\/slack\/events/);
  });
});
