import { helpText } from "../../core/commands/help-text.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import type { SlackMessage } from "./render-job-message.ts";
import type { SlackCommandNames } from "./slack-command-names.ts";

/**
 * /help: the shared text form from the command table, under the names Slack knows the commands
 * by (prefix applied, built-in clashes renamed). `commandName` may be either name.
 */
export function slackHelp(names: SlackCommandNames, commandName: string | undefined): SlackMessage {
  const core = commandName ? (names.coreCommand(commandName)?.name ?? commandName) : undefined;
  const lines = [`\`\`\`${escapeMrkdwn(names.rename(helpText(core)))}\`\`\``];
  if (!commandName) {
    lines.push(
      "Buttons under a result: Regenerate (new seed), Variations, Save (to your collection), Details, Delete.",
      "In a thread, mention me instead: `@Pixorly a red fox --ar 16:9`.",
    );
  }
  const text = truncate(lines.join("\n"), LIMITS.sectionText);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
