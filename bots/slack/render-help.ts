import { helpText } from "../../core/commands/help-text.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import type { SlackMessage } from "./render-job-message.ts";

/** /help: the shared text form from the command table (Slack's commands are typed the same way). */
export function slackHelp(commandName: string | undefined): SlackMessage {
  const lines = [`\`\`\`${escapeMrkdwn(helpText(commandName))}\`\`\``];
  if (!commandName) {
    lines.push(
      "Buttons under a result: Regenerate (new seed), Variations, Save (to your collection), Details, Delete.",
      "In a thread, mention me instead: `@Pixorly a red fox --ar 16:9`.",
    );
  }
  const text = truncate(lines.join("\n"), LIMITS.sectionText);
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}
