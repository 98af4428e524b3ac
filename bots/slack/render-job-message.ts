import type { types } from "@slack/bolt";
import { parametersText, statusText } from "../../core/commands/render-text.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import { jobActionId, REMIX_ACTION_ID, type JobAction } from "./action-ids.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { actionsFor } from "../../core/commands/job-actions.ts";
import { plural } from "../../core/commands/plural.ts";

export interface SlackMessage {
  /** The notification and screen-reader text; blocks are what people see. */
  text: string;
  blocks: types.KnownBlock[];
}

export interface RenderOptions {
  /** Replaces the status line, e.g. the "Queued — position 2, costs 1 credit" of the first post. */
  headline?: string;
  /** Public URLs of the job's images (CloudFront, a public PUBLIC_URL); empty when they are uploaded instead. */
  imageUrls?: readonly string[];
  /** Extra lines under the status, e.g. where uploaded images went or how to invite the bot. */
  notes?: readonly string[];
}

const LABELS: Record<JobAction, [label: string, style?: "primary" | "danger"]> = {
  regenerate: ["Regenerate", "primary"],
  variations: ["Variations"],
  save: ["Save"],
  details: ["Details"],
  delete: ["Delete", "danger"],
  cancel: ["Cancel", "danger"],
};

/**
 * A job's current state as one Slack message: the prompt, a status line, parameters and cost,
 * the images, and the buttons that make sense in this state. Pure, so the first post, every
 * chat.update and /show look the same.
 */
export function renderJobMessage(view: JobView, options: RenderOptions = {}): SlackMessage {
  const { job } = view;
  const status = options.headline ?? statusText(view);
  const cost = job.creditsCharged - job.creditsRefunded;
  const notes = [...(options.notes ?? [])];
  if (job.status === "completed" && view.images.length === 0) notes.unshift("The images were deleted.");

  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: truncate(`*${escapeMrkdwn(oneLine(job.prompt))}*`, LIMITS.sectionText) } },
    {
      type: "context",
      elements: [
        { type: "mrkdwn", text: truncate(escapeMrkdwn(status), LIMITS.sectionText) },
        {
          type: "mrkdwn",
          text: truncate(`${escapeMrkdwn(parametersText(view))} · cost ${plural(cost, "credit")} · \`${job.id}\``, LIMITS.sectionText),
        },
      ],
    },
  ];
  if (notes.length) blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: truncate(notes.join("\n"), LIMITS.sectionText) }] });
  for (const [i, url] of (options.imageUrls ?? []).entries()) {
    // A signed URL longer than Slack accepts is linked instead of refusing the whole message.
    if (url.length > LIMITS.imageUrl) {
      blocks.push({ type: "section", text: { type: "mrkdwn", text: `Image ${i + 1} is too long a link for Slack: \`/show ${job.id}\`` } });
      continue;
    }
    blocks.push({ type: "image", image_url: url, alt_text: truncate(oneLine(job.prompt), LIMITS.altText) });
  }
  const actions = actionsFor(view);
  const elements = actions.map((a) => button(a, job.id));
  // Remix opens a Slack form (remix-button.ts), so it is this edge's button, not a core job action.
  if (job.status === "completed" && view.images.length) elements.splice(actions.indexOf("variations") + 1, 0, remixButton(job.id));
  if (elements.length) blocks.push({ type: "actions", block_id: `job:${job.id}`, elements });

  // The fallback text is what notifications show, and Slack parses it: "<!channel>" in a prompt would ping.
  return { text: truncate(escapeMrkdwn(`${status}: ${oneLine(job.prompt)}`), LIMITS.fallbackText), blocks };
}

/** The Details button: the whole prompt and every parameter, for the person who pressed it. */
export function renderDetails(view: JobView): SlackMessage {
  const { job } = view;
  const parts = [`*Prompt*\n${escapeMrkdwn(job.prompt)}`];
  if (job.negativePrompt) parts.push(`*Leave out*\n${escapeMrkdwn(job.negativePrompt)}`);
  parts.push(`${escapeMrkdwn(parametersText(view))} · ${job.count} image(s)`);
  if (job.parentJobId) parts.push(`From \`${job.parentJobId}\``);
  parts.push(`${escapeMrkdwn(statusText(view))} · \`${job.id}\``);
  return {
    text: truncate(`Details of ${job.id}`, LIMITS.fallbackText),
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(parts.join("\n\n"), LIMITS.sectionText) } }],
  };
}

function button(action: JobAction, jobId: string): types.Button {
  const [label, style] = LABELS[action];
  return {
    type: "button",
    action_id: jobActionId(action),
    text: { type: "plain_text", text: label },
    value: jobId,
    ...(style ? { style } : {}),
    ...(action === "delete"
      ? {
          confirm: {
            title: { type: "plain_text", text: "Delete these images?" },
            text: { type: "plain_text", text: "They are removed from storage and from every collection." },
            confirm: { type: "plain_text", text: "Delete" },
            deny: { type: "plain_text", text: "Keep" },
            style: "danger",
          },
        }
      : {}),
  };
}

function remixButton(jobId: string): types.Button {
  return { type: "button", action_id: REMIX_ACTION_ID, text: { type: "plain_text", text: "Remix" }, value: jobId };
}

const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();
