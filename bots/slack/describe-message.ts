import { describedHeadline } from "../../core/commands/describe-text.ts";
import type { Described } from "../../core/engine/describe-image.ts";
import { ACTION_PREFIX } from "./action-ids.ts";
import { LIMITS, truncate } from "./limits.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import type { SlackMessage } from "./render-job-message.ts";

/** Suggestion buttons: Bolt routes them by this; the button's value is the prompt itself. */
export const DESCRIBE_ACTION_PATTERN = /^px:describe:\d$/;

export const describeActionId = (index: number) => `${ACTION_PREFIX}describe:${index}`;

/**
 * /describe's answer: each suggestion verbatim in a code span (no markup, no mentions render
 * there; suggestions carry no backticks) with an "Imagine this" button whose value is the
 * prompt (a suggestion is at most 400 characters, a button value may hold 2,000), so a press
 * days later needs nothing kept anywhere.
 */
export function describedSlackMessage(described: Described, rename: (text: string) => string): SlackMessage {
  const headline = escapeMrkdwn(rename(describedHeadline(described)));
  return {
    text: headline,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: headline } },
      ...described.suggestions.map((suggestion, i) => ({
        type: "section" as const,
        text: { type: "mrkdwn" as const, text: truncate(`*${i + 1}.* \`${escapeMrkdwn(suggestion)}\``, LIMITS.sectionText) },
        accessory: {
          type: "button" as const,
          action_id: describeActionId(i),
          text: { type: "plain_text" as const, text: "Imagine this" },
          value: truncate(suggestion, LIMITS.buttonValue),
        },
      })),
    ],
  };
}
