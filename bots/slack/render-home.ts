import type { types } from "@slack/bolt";
import { creditsText, statusText } from "../../core/commands/render-text.ts";
import type { CreditsSummary } from "../../core/engine/credits-summary.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";

/**
 * The App Home tab: the member's credits and usage, then their recent jobs with the first image
 * of each (as a thumbnail when our URLs are public).
 */
export function renderHome(
  summary: CreditsSummary,
  recent: readonly JobView[],
  storage: ObjectStorage,
  /** The Slack name of a core command (SLACK_COMMAND_PREFIX applied). */
  slackName: (command: string) => string = (command) => `/${command}`,
): types.HomeView {
  const blocks: types.KnownBlock[] = [
    { type: "header", text: { type: "plain_text", text: "Pixorly" } },
    { type: "section", text: { type: "mrkdwn", text: truncate(`\`\`\`${escapeMrkdwn(creditsText(summary))}\`\`\``, LIMITS.sectionText) } },
    { type: "divider" },
    { type: "header", text: { type: "plain_text", text: "Your recent images" } },
  ];
  if (!recent.length) blocks.push({ type: "section", text: { type: "mrkdwn", text: `Nothing yet. Try \`${slackName("imagine")} a lighthouse at dusk\` in any channel.` } });
  for (const view of recent) {
    const image = view.images[0];
    const url = image && storage.publicUrls ? imageUrl(storage, image) : null;
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*${escapeMrkdwn(view.job.prompt.replace(/\s+/g, " "))}*\n${escapeMrkdwn(statusText(view))} · \`${view.job.id}\``, LIMITS.sectionText),
      },
      ...(url && url.length <= LIMITS.imageUrl ? { accessory: { type: "image" as const, image_url: url, alt_text: truncate(view.job.prompt, LIMITS.altText) } } : {}),
    });
  }
  return { type: "home", blocks: blocks.slice(0, LIMITS.viewBlocks) };
}
