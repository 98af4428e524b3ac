import { COMMANDS, findCommand, type CommandDef } from "../../core/commands/command-table.ts";
import { LIMITS, truncate } from "./limits.ts";

const signature = (c: CommandDef) =>
  [`/${c.name}`, ...c.options.map((o) => (o.required ? `${o.name}:` : `[${o.name}]`))].join(" ");

/**
 * /help from the one command table, in Discord's option syntax. Says so when late results
 * cannot be posted, because the person waiting is the one who needs to know.
 */
export function discordHelp(commandName: string | undefined, lateDelivery: boolean): string {
  if (commandName) {
    const command = findCommand(commandName);
    if (!command) return `Unknown command "${commandName}". \`/help\` lists them.`;
    const options = command.options.map((o) => `• \`${o.name}\`${o.required ? "" : " (optional)"} — ${o.description}`);
    return truncate([`\`${signature(command)}\``, command.description, ...options].join("\n"), LIMITS.content);
  }
  const lines = (COMMANDS as readonly CommandDef[]).map(
    (c) => `\`${signature(c)}\` — ${c.description}${c.permission === "admin" ? " (admins)" : ""}`,
  );
  lines.push("", "Buttons under a result: Regenerate (new seed), Variations, Save (to your collection), Details, Delete, and Remix (a form to run the chosen image again with a new prompt).");
  if (!lateDelivery) {
    lines.push(
      "",
      "⚠️ This bot runs without a bot token, so a result that takes longer than 15 minutes cannot be posted. Use `/show job:<id>` to see it.",
    );
  }
  return truncate(lines.join("\n"), LIMITS.content);
}
