import type { types, ViewOutput } from "@slack/bolt";
import { z } from "zod";
import { DEFAULT_STRENGTH, PROMPT_MAX, STRENGTH_MAX, STRENGTH_MIN } from "../../core/domain/generation-request.ts";
import { LIMITS, truncate } from "./limits.ts";

/** The modal's callback_id: its submission comes back under it (view_submission). */
export const REMIX_FORM_CALLBACK_ID = "px:remix-form";

/** Slack's cap on a view's private_metadata. */
export const PRIVATE_METADATA_MAX = 3_000;


const VALUE = "value";

/**
 * What the form needs to run its job when submitted, kept in the view's private_metadata
 * (Slack keeps it with the modal, and the submission is signed). Never a token: the bot token
 * for a Slack file is taken from the submission's own authorization.
 */
const metadataSchema = z.object({
  /** A Slack file's download URL (shortcut), or a Pixorly job whose result is the input (Remix). */
  from: z.discriminatedUnion("kind", [z.object({ kind: z.literal("file"), url: z.string().url() }), z.object({ kind: z.literal("job"), jobId: z.string().min(1) })]),
  channelId: z.string().min(1),
  /** The thread the new job's message goes into. */
  threadTs: z.string().min(1).nullable(),
  /** The interaction's response_url: where the job goes if the bot cannot post in the channel. */
  responseUrl: z.string().url().nullable(),
  /** A remix of a private result stays private: it goes to the person's DM with the app. */
  private: z.boolean().default(false),
});
export type RemixMetadata = z.infer<typeof metadataSchema>;
export type RemixMetadataInput = z.input<typeof metadataSchema>;

/** Null when it does not fit Slack's 3,000 characters (a very long file URL): the caller refuses. */
export function encodeRemixMetadata(metadata: RemixMetadataInput): string | null {
  const full = JSON.stringify(metadata);
  if (full.length <= PRIVATE_METADATA_MAX) return full;
  // The response_url is only a fallback; drop it before giving up.
  const lean = JSON.stringify({ ...metadata, responseUrl: null });
  return lean.length <= PRIVATE_METADATA_MAX ? lean : null;
}

export function decodeRemixMetadata(raw: string | undefined): RemixMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(raw ?? ""));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export interface RemixFormFields {
  /** Plain text, shown as it is: what the job starts from ("photo.png", "image 2 of job …"). */
  startingFrom: string;
  prompt: string;
  /** Models that accept an input image and are allowed here: [id, label]. */
  models: readonly (readonly [id: string, label: string])[];
  model: string;
  /** Images of the job to choose from (Remix); 1 or absent: no choice shown. */
  imageCount?: number;
  metadata: string;
}

type Option = types.PlainTextOption & { value: string };
const option = (value: string, label: string): Option => ({ value, text: { type: "plain_text", text: truncate(label, LIMITS.optionText) } });

/**
 * "Remix with Pixorly" and the Remix button: the prompt (prefilled from the original job for a
 * Remix), a model among those that take an input image, and how far to move from the image.
 * Everything people typed is plain_text here, so it cannot become markup.
 */
export function remixModal(fields: RemixFormFields): types.ModalView {
  const models = fields.models.slice(0, LIMITS.selectOptions).map(([id, label]) => option(id, label));
  const initialModel = models.find((o) => o.value === fields.model) ?? models[0];
  const blocks: types.KnownBlock[] = [
    { type: "context", elements: [{ type: "plain_text", text: truncate(`Starting from ${fields.startingFrom}`, LIMITS.sectionText), emoji: false }] },
  ];
  const images = fields.imageCount ?? 1;
  if (images > 1) {
    const choices = Array.from({ length: Math.min(images, LIMITS.selectOptions) }, (_, i) => option(String(i), `Image ${i + 1}`));
    blocks.push({ type: "input", block_id: "image", label: { type: "plain_text", text: "Which image" }, element: { type: "static_select", action_id: VALUE, options: choices, initial_option: choices[0] } });
  }
  blocks.push(
    {
      type: "input",
      block_id: "prompt",
      label: { type: "plain_text", text: "What to make of it" },
      element: {
        type: "plain_text_input",
        action_id: VALUE,
        multiline: true,
        max_length: PROMPT_MAX,
        ...(fields.prompt ? { initial_value: truncate(fields.prompt, PROMPT_MAX) } : {}),
        placeholder: { type: "plain_text", text: "a watercolour version" },
      },
    },
    {
      type: "input",
      block_id: "model",
      label: { type: "plain_text", text: "Model" },
      element: { type: "static_select", action_id: VALUE, options: models, ...(initialModel ? { initial_option: initialModel } : {}) },
    },
    {
      type: "input",
      block_id: "strength",
      optional: true,
      label: { type: "plain_text", text: "Strength" },
      element: { type: "number_input", action_id: VALUE, is_decimal_allowed: true, min_value: String(STRENGTH_MIN), max_value: String(STRENGTH_MAX) },
      hint: { type: "plain_text", text: `How far from the image: ${STRENGTH_MIN} stays close, 1 barely keeps it. Empty: ${DEFAULT_STRENGTH}.` },
    },
  );
  return {
    type: "modal",
    callback_id: REMIX_FORM_CALLBACK_ID,
    title: { type: "plain_text", text: "Remix with Pixorly" },
    submit: { type: "plain_text", text: "Remix" },
    close: { type: "plain_text", text: "Cancel" },
    private_metadata: fields.metadata,
    blocks,
  };
}

export interface RemixSubmission {
  prompt: string;
  model: string;
  strength: number | undefined;
  imageIndex: number;
}

/** The form's values, or field errors keyed by block_id (Slack shows them under the fields). */
export function readRemixSubmission(view: ViewOutput): { ok: true; value: RemixSubmission } | { ok: false; errors: Record<string, string> } {
  const field = (blockId: string) => view.state.values[blockId]?.[VALUE];
  const prompt = field("prompt")?.value?.trim() ?? "";
  const model = field("model")?.selected_option?.value ?? "";
  const rawStrength = field("strength")?.value?.trim();
  const strength = rawStrength ? Number(rawStrength) : undefined;
  const imageIndex = Number(field("image")?.selected_option?.value ?? 0);
  const errors: Record<string, string> = {};
  if (!prompt) errors.prompt = "Say what to make of the image, e.g. \"a watercolour version\".";
  else if ([...prompt].length > PROMPT_MAX) errors.prompt = `At most ${PROMPT_MAX} characters.`;
  if (!model) errors.model = "Choose a model.";
  if (strength !== undefined && !(strength >= STRENGTH_MIN && strength <= STRENGTH_MAX)) errors.strength = `A number from ${STRENGTH_MIN} to ${STRENGTH_MAX}.`;
  if (!Number.isSafeInteger(imageIndex) || imageIndex < 0) errors.image = "Choose one of the images.";
  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, value: { prompt, model, strength, imageIndex } };
}
