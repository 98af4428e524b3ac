import { COMMANDS, type TableCommand } from "../../core/commands/command-table.ts";

/**
 * Slack's own slash commands. Slack refuses a manifest that declares one of them, and one bad
 * name invalidates the whole `slash_commands` array. From Slack's help centre ("Use built-in
 * slash commands") and the API docs (which name /topic and /remind); names Slack has used for
 * built-ins before (/part, /kick, /close) are kept too, since refusing a few extra names costs
 * nothing and a clash costs the whole app.
 */
export const SLACK_BUILT_IN_COMMANDS = [
  "active", "apps", "archive", "away", "call", "clear", "close", "collapse", "dm", "dnd", "expand",
  "feed", "feedback", "giphy", "help", "invite", "invite_people", "join", "keys", "kick", "leave",
  "me", "msg", "mute", "open", "part", "prefs", "remind", "remove", "rename", "search", "shortcuts",
  "shrug", "star", "status", "topic", "unarchive", "unmute", "who", "whois",
] as const;

/** Slack's limit on a command's name, slash included. */
export const SLACK_COMMAND_MAX_LENGTH = 32;

/**
 * Slack names for the core commands whose own name is a Slack built-in. Applied before the
 * prefix, so an operator's prefix never turns a command back into a built-in name.
 */
const SLACK_BASE_NAMES: Partial<Record<string, string>> = { search: "search-images", help: "imagine-help" };

/** What an operator may put before every command: lowercase letters, digits, "-" and "_". */
export const SLACK_PREFIX_PATTERN = /^[a-z0-9_-]{0,18}$/;

export interface SlackCommandNames {
  /** "/<prefix><name>" for a core command name (with or without its slash). */
  slackName(coreName: string): string;
  /** The core command a Slack command name stands for; undefined for names that are not ours. */
  coreCommand(slackName: string): TableCommand | undefined;
  /** Every (core, Slack) pair, in command-table order. */
  readonly all: readonly { command: TableCommand; slack: string }[];
  /** Our own text with each "/core-name" it mentions replaced by its Slack name. Never for user text. */
  rename(text: string): string;
}

/**
 * The Slack names of the command table under `prefix` (SLACK_COMMAND_PREFIX). A prefix lets two
 * installs (or another app) live in one Enterprise Grid org, where command names are resolved
 * org-wide. Discord keeps the table's own names.
 */
export function slackCommandNames(prefix = ""): SlackCommandNames {
  if (!SLACK_PREFIX_PATTERN.test(prefix)) throw new Error(`SLACK_COMMAND_PREFIX "${prefix}" must be up to 18 of a-z, 0-9, "-" and "_"`);
  const all = (COMMANDS as readonly TableCommand[]).map((command) => ({ command, slack: `/${prefix}${SLACK_BASE_NAMES[command.name] ?? command.name}` }));
  const byCore = new Map<string, string>(all.map((c) => [c.command.name, c.slack]));
  const bySlack = new Map(all.map((c) => [c.slack, c.command]));
  // Longest first, so "/forget-me" is not read as "/forget" followed by "-me".
  const names = [...byCore.keys()].sort((a, b) => b.length - a.length).map((n) => n.replace(/[-]/g, "\\-"));
  const mention = new RegExp(`(^|[\\s\`("'])\\/(${names.join("|")})(?![\\w-])`, "g");
  return {
    all,
    slackName: (coreName) => byCore.get(coreName.replace(/^\//, "")) ?? `/${prefix}${coreName.replace(/^\//, "")}`,
    coreCommand: (slackName) => bySlack.get(`/${slackName.replace(/^\//, "").toLowerCase()}`),
    rename: (text) => text.replace(mention, (_m, before: string, name: string) => `${before}${byCore.get(name)}`),
  };
}
