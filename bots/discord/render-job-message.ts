import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed } from "discord.js";
import { parametersText, statusText } from "../../core/commands/render-text.ts";
import type { JobStatus } from "../../core/domain/job.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { jobButtonId, remixButtonId, type JobAction } from "./custom-id.ts";
import type { ImageRef } from "./job-images.ts";
import { LIMITS, truncate } from "./limits.ts";
import { inertContent, inertUserText } from "./inert-text.ts";
import { NO_MENTIONS, type MessageBody } from "./outgoing-message.ts";
import { actionsFor } from "../../core/commands/job-actions.ts";
import { plural } from "../../core/commands/plural.ts";

const COLORS: Record<JobStatus, number> = {
  pending: 0x5865f2,
  processing: 0x5865f2,
  completed: 0x57f287,
  failed: 0xed4245,
  cancelled: 0x99aab5,
};

type ActionStyle = ButtonStyle.Primary | ButtonStyle.Secondary | ButtonStyle.Danger;

const LABELS: Record<JobAction, [label: string, style: ActionStyle]> = {
  regenerate: ["Regenerate", ButtonStyle.Primary],
  variations: ["Variations", ButtonStyle.Secondary],
  save: ["Save", ButtonStyle.Secondary],
  details: ["Details", ButtonStyle.Secondary],
  delete: ["Delete", ButtonStyle.Danger],
  cancel: ["Cancel", ButtonStyle.Danger],
};

/** Leaves room under the 6000-character total for the title and footer. */
const DESCRIPTION_MAX = 3_500;

export interface RenderOptions {
  /** Replaces the status line, e.g. the "Queued — position 2, costs 1 credit" of the first reply. */
  headline?: string;
  /** Images that could not be attached (too large for this interaction's upload limit). */
  omitted?: number;
}

/**
 * A job's current state as one Discord message: status line, an embed with the prompt and
 * parameters, the images, and the buttons that make sense in this state. Pure, so the first
 * reply, every edit and /show look the same.
 */
export function renderJobMessage(view: JobView, images: readonly ImageRef[], options: RenderOptions = {}): MessageBody {
  const { job } = view;
  const lines = [options.headline ?? statusText(view)];
  if (job.status === "completed" && view.images.length === 0) lines.push("The images were deleted.");
  if (options.omitted) lines.push(`${options.omitted} image(s) were too large to attach here; \`/show job:${job.id}\` may fit them.`);

  const cost = job.creditsCharged - job.creditsRefunded;
  const main: APIEmbed = {
    title: truncate(inertUserText(job.prompt.replace(/\s+/g, " ")), LIMITS.embedTitle),
    description: truncate(inertContent(`${parametersText(view)}\ncost ${plural(cost, "credit")}`), DESCRIPTION_MAX),
    color: COLORS[job.status],
    footer: { text: job.id },
  };
  // Embeds that share a url show as one gallery; attachment:// names are not links, so
  // attached images stay separate embeds.
  const galleryUrl = images[0]?.url.startsWith("http") ? images[0].url : undefined;
  const embeds: APIEmbed[] = images.slice(0, LIMITS.embeds).map((ref, i) => ({
    ...(i === 0 ? main : { color: COLORS[job.status] }),
    ...(galleryUrl ? { url: galleryUrl } : {}),
    image: { url: ref.url },
  }));
  if (embeds.length === 0) embeds.push(main);

  return {
    content: truncate(inertContent(lines.join("\n")), LIMITS.content),
    embeds,
    components: [...buttonRows(job.id, actionsFor(view)), ...remixRow(view)].slice(0, LIMITS.actionRows),
    allowed_mentions: NO_MENTIONS,
  };
}

function buttonRows(jobId: string, actions: readonly JobAction[]): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  const rows: APIActionRowComponent<APIButtonComponentWithCustomId>[] = [];
  for (let i = 0; i < actions.length && rows.length < LIMITS.actionRows; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: ComponentType.ActionRow,
      components: actions.slice(i, i + LIMITS.buttonsPerRow).map((action) => {
        const [label, style] = LABELS[action];
        return { type: ComponentType.Button, custom_id: jobButtonId(action, jobId), label, style };
      }),
    });
  }
  return rows;
}

/**
 * One Remix button per image of a finished job (at most 4 images, so one row of at most 4
 * buttons under the action row: two of Discord's five rows). The image index rides in the id, so
 * the form opens on the image the person chose.
 */
function remixRow(view: JobView): APIActionRowComponent<APIButtonComponentWithCustomId>[] {
  if (view.job.status !== "completed" || view.images.length === 0) return [];
  const images = [...view.images].sort((a, b) => a.index - b.index).slice(0, LIMITS.buttonsPerRow);
  return [
    {
      type: ComponentType.ActionRow,
      components: images.map((image) => ({
        type: ComponentType.Button,
        custom_id: remixButtonId(view.job.id, image.index),
        label: images.length === 1 ? "Remix" : `Remix ${image.index + 1}`,
        style: ButtonStyle.Secondary,
      })),
    },
  ];
}
