import { parametersText, statusText } from "../../core/commands/render-text.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { LIMITS, truncate } from "./limits.ts";
import { inertContent, inertUserText } from "./inert-text.ts";
import { NO_MENTIONS, type MessageBody } from "./outgoing-message.ts";

/** The Details button: the whole prompt and every parameter, for the person who asked to see them. */
export function renderDetails(view: JobView): MessageBody {
  const { job } = view;
  const parts = [`**Prompt**\n${inertUserText(job.prompt)}`];
  if (job.negativePrompt) parts.push(`**Leave out**\n${inertUserText(job.negativePrompt)}`);
  parts.push(inertContent(`${parametersText(view)} · ${job.count} image(s)`));
  if (job.parentJobId) parts.push(`From \`${job.parentJobId}\``);
  return {
    content: truncate(inertContent(statusText(view)), LIMITS.content),
    embeds: [{ description: truncate(parts.join("\n\n"), LIMITS.embedDescription), footer: { text: job.id } }],
    components: [],
    allowed_mentions: NO_MENTIONS,
  };
}
