import { ButtonStyle, ComponentType, type APIChatInputApplicationCommandInteraction, type APIEmbed, type APIMessage } from "discord.js";
import { describedHeadline } from "../../core/commands/describe-text.ts";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import type { Rejection } from "../../core/domain/rejections.ts";
import type { Result } from "../../core/domain/result.ts";
import type { Described } from "../../core/engine/describe-image.ts";
import { answerInTime } from "./answer-in-time.ts";
import { attachedImage } from "./attachment-input.ts";
import { answerSubmission } from "./answer-submission.ts";
import { describeButtonId } from "./custom-id.ts";
import type { DiscordContext } from "./discord-context.ts";
import { ephemeralText, reply, type InteractionReply } from "./interaction-reply.ts";
import { jobOrigin, type Invoker } from "./invoker.ts";
import { LIMITS, truncate } from "./limits.ts";
import { NO_MENTIONS, type MessageBody } from "./outgoing-message.ts";
import { inertContent } from "./inert-text.ts";

/**
 * /describe image:<attachment>. The attachment's CDN URL goes to the engine, which fetches it through the safe fetch. The answer is
 * private to the person who asked. A vision model often takes longer than Discord's 3 s, so
 * answerInTime defers it ("thinking…", private) and edits the reply when it comes. The
 * interaction id is the charge's dedupe key, so a redelivered interaction is charged once.
 */
export function handleDescribe(
  ctx: DiscordContext,
  invoker: Invoker,
  options: OptionValues,
  interaction: APIChatInputApplicationCommandInteraction,
): Promise<InteractionReply> {
  // The same checks as /imagine's attachment: a file Discord itself says is no usable image is refused before any download.
  const attached = attachedImage(interaction, "image");
  if (!attached.ok) return Promise.resolve(ephemeralText(attached.error));
  if (!attached.value) return Promise.resolve(ephemeralText("Attach an image to describe: `/describe image:<file>`. Nothing was charged."));
  const describing = ctx.engine.describe({
    actor: invoker.actor,
    image: attached.value,
    model: typeof options.model === "string" ? options.model : undefined,
    idempotencyKey: invoker.interactionId,
    source: "discord",
    channelKey: invoker.channelKey,
  });
  return answerInTime(ctx, invoker.handle, "ephemeral-reply", describing.then((result) => answer(ctx, invoker, result)));
}

function answer(ctx: DiscordContext, invoker: Invoker, result: Result<Described, Rejection>): InteractionReply {
  if (!result.ok) return ephemeralText(result.error.message);
  return reply(ctx, invoker.handle, { body: describedMessage(result.value), files: [] }, { ephemeral: true });
}

/**
 * The suggestions as one embed field each, verbatim inside a code block (no markdown, no
 * mentions render there; suggestions carry no backticks), and one button per suggestion whose
 * custom_id holds only its position: the press reads the prompt back from this message.
 */
export function describedMessage(described: Described): MessageBody {
  const embed: APIEmbed = {
    fields: described.suggestions.map((suggestion, i) => ({ name: `${i + 1}`, value: truncate(fence(suggestion), LIMITS.embedFieldValue) })),
  };
  return {
    content: truncate(inertContent(describedHeadline(described)), LIMITS.content),
    embeds: [embed],
    components: [
      {
        type: ComponentType.ActionRow,
        components: described.suggestions.slice(0, LIMITS.buttonsPerRow).map((_, i) => ({
          type: ComponentType.Button,
          style: ButtonStyle.Primary,
          label: `Imagine ${i + 1}`,
          custom_id: describeButtonId(i),
        })),
      },
    ],
    allowed_mentions: NO_MENTIONS,
  };
}

const fence = (text: string) => `\`\`\`\n${text}\n\`\`\``;

/** The suggestion at `index` in a /describe answer, as the engine gave it; null if the message is not one. */
export function suggestionFrom(message: Pick<APIMessage, "embeds">, index: number): string | null {
  const value = message.embeds[0]?.fields?.[index]?.value;
  const match = value ? /^```\n([\s\S]+)\n```$/.exec(value) : null;
  return match ? match[1]!.trim() : null;
}

/**
 * A suggestion's button: /imagine with that prompt, as the person who pressed it (their
 * credits, their workspace's rules; a refusal is private and costs nothing). The interaction id
 * keeps a redelivered press from queueing twice.
 */
export function pressSuggestion(ctx: DiscordContext, invoker: Invoker, message: Pick<APIMessage, "embeds">, index: number): Promise<InteractionReply> {
  const prompt = suggestionFrom(message, index);
  if (!prompt) return Promise.resolve(ephemeralText("This suggestion can no longer be read from its message. Run /describe again. Nothing was charged."));
  const origin = jobOrigin(invoker, false);
  const submitting = ctx.engine.submit({ ...origin, request: { prompt } });
  return answerSubmission(ctx, origin.replyTarget, submitting, false);
}
