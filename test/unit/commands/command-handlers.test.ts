import { describe, expect, expectTypeOf, it } from "vitest";
import { CONSOLE_COMMANDS } from "../../../bots/console/handle-console-line.ts";
import { DISCORD_COMMANDS } from "../../../bots/discord/handle-command.ts";
import { SLACK_COMMANDS } from "../../../bots/slack/handle-command.ts";
import type { CommandHandlers } from "../../../core/commands/command-handlers.ts";
import { COMMANDS, type CommandName } from "../../../core/commands/command-table.ts";

/**
 * A command added to the table must get a handler on every front end, and `tsc` (run by CI over
 * test/ too) is what says so: the `@ts-expect-error` lines below fail the type check the day a
 * table missing an entry, or naming a command the table lacks, stops being an error.
 */
const names = COMMANDS.map((c) => c.name).sort();
const handler = () => "answer";

describe("command handler tables", () => {
  it("a handler table missing one command of the table does not compile", () => {
    const { help: _left, ...allButHelp } = Object.fromEntries(names.map((n) => [n, handler])) as Record<CommandName, typeof handler>;
    // @ts-expect-error -- /help has no handler: the compile error a forgotten front end gets.
    const incomplete = allButHelp satisfies CommandHandlers<typeof handler>;
    expect(Object.keys(incomplete)).not.toContain("help");
  });

  it("a handler for a command the table does not have does not compile", () => {
    const complete = Object.fromEntries(names.map((n) => [n, handler])) as Record<CommandName, typeof handler>;
    // @ts-expect-error -- "dance" is not in core/commands/command-table.ts.
    const extra = { ...complete, dance: handler } satisfies CommandHandlers<typeof handler>;
    expect(Object.keys(extra)).toContain("dance");
  });

  it("Discord has exactly one handler per command of the table", () => {
    expectTypeOf<keyof typeof DISCORD_COMMANDS>().toEqualTypeOf<CommandName>();
    expect(Object.keys(DISCORD_COMMANDS).sort()).toEqual(names);
  });

  it("Slack has exactly one handler per command of the table (/imagine acks after its submit, outside the table)", () => {
    expectTypeOf<keyof typeof SLACK_COMMANDS | "imagine">().toEqualTypeOf<CommandName>();
    expect([...Object.keys(SLACK_COMMANDS), "imagine"].sort()).toEqual(names);
  });

  it("the console has exactly one handler per command of the table", () => {
    expectTypeOf<keyof typeof CONSOLE_COMMANDS>().toEqualTypeOf<CommandName>();
    expect(Object.keys(CONSOLE_COMMANDS).sort()).toEqual(names);
  });
});
