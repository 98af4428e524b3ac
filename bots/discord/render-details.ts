import { parametersText, statusText } from "../../core/commands/render-text.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { LIMITS, truncate } from "./limits.ts";
import { NO_MENTIONS, type MessageBody } from "./outgoing-message.ts";

/** The Details button: the whole prompt and every parameter, for the person who asked to see them. */
export function renderDetails(view: JobView): MessageBody {
  const { job } = view;
  const parts = [`**Prompt**\n${job.prompt}`];
  if (job.negativePrompt) parts.push(`**Leave out**\n${job.negativePrompt}`);
  parts.push(`${parametersText(view)} · ${job.count} image(s)`);
  if (job.parentJobId) parts.push(`From \`${job.parentJobId}\``);
  return {
    content: truncate(statusText(view), LIMITS.content),
    embeds: [{ description: truncate(parts.join("\n\n"), LIMITS.embedDescription), footer: { text: job.id } }],
    components: [],
    allowed_mentions: NO_MENTIONS,
  };
}
