import type { CommandName } from "./command-table.ts";

/**
 * One handler per command of the table, keyed by name. Front ends declare their table with
 * `satisfies CommandHandlers<H>`, so a command added to core/commands/command-table.ts without a
 * handler on some front end (or a handler for a name the table does not have) fails `tsc`
 * instead of answering "not available" at run time.
 *
 * `Except` leaves out the commands a front end dispatches before its table (Slack's /imagine,
 * which acks only after its submit); those go in their own table, checked the same way.
 */
export type CommandHandlers<H, Except extends CommandName = never> = Readonly<Record<Exclude<CommandName, Except>, H>>;
