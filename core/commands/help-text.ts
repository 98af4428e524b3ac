import { COMMANDS, findCommand, type CommandDef } from "./command-table.ts";
import { usage } from "./parse-text-command.ts";

/** /help for the text front ends (console, Slack); Discord shows the same descriptions natively. */
export function helpText(commandName?: string): string {
  if (commandName) {
    const command = findCommand(commandName);
    if (!command) return `Unknown command "${commandName}". Type /help for the list.`;
    return [usage(command), command.description, ...command.options.map((o) => `  ${o.flag ?? `<${o.name}>`}  ${o.description}`)].join("\n");
  }
  return (COMMANDS as readonly CommandDef[])
    .map((c) => `${usage(c)}\n    ${c.description}${c.permission === "admin" ? " (admins)" : ""}`)
    .join("\n");
}
