import type { types } from "@slack/bolt";
import type { Image } from "../../core/domain/image.ts";
import { imageUrl } from "../../core/engine/image-url.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { ACTION_PREFIX, pageValue, type PageRequest } from "./action-ids.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import type { SlackMessage } from "./render-job-message.ts";

export interface ImagePage {
  /** mrkdwn, already escaped where it holds what people typed. */
  header: string;
  images: readonly Image[];
  /** Buttons under the page (previous, next, switch view), each naming the page it opens. */
  buttons: readonly { label: string; request: PageRequest }[];
}

/**
 * A page of images (a collection, search results). Thumbnails only when our URLs are public:
 * Slack fetches image URLs itself, and uploading a whole page would flood the channel; /show
 * brings one image.
 */
export function renderImagePage(page: ImagePage, storage: ObjectStorage, slackName: (command: string) => string = (command) => `/${command}`): SlackMessage {
  const blocks: types.KnownBlock[] = [{ type: "section", text: { type: "mrkdwn", text: truncate(page.header, LIMITS.sectionText) } }];
  for (const image of page.images) {
    const url = storage.publicUrls ? imageUrl(storage, image) : null;
    blocks.push({
      type: "section",
      text: {
        type: "mrkdwn",
        text: truncate(`*${escapeMrkdwn(image.prompt.replace(/\s+/g, " "))}*\n\`${image.jobId}\` · ${escapeMrkdwn(image.model)} · seed ${image.seed}`, LIMITS.sectionText),
      },
      ...(url && url.length <= LIMITS.imageUrl ? { accessory: { type: "image" as const, image_url: url, alt_text: truncate(image.prompt, LIMITS.altText) } } : {}),
    });
  }
  if (page.images.length && !storage.publicUrls) {
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `\`${slackName("show")} <job>\` shows an image.` }] });
  }
  const buttons = page.buttons.flatMap(({ label, request }, i): types.Button[] => {
    const value = pageValue(request);
    return value ? [{ type: "button", action_id: `${ACTION_PREFIX}page:${i}`, text: { type: "plain_text", text: label }, value }] : [];
  });
  if (buttons.length) blocks.push({ type: "actions", elements: buttons });
  return { text: truncate(page.header.replace(/[*_`]/g, ""), LIMITS.fallbackText), blocks };
}
