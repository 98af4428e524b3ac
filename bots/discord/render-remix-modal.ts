import {
  ComponentType,
  InteractionResponseType,
  TextInputStyle,
  type APIModalInteractionResponse,
  type APILabelComponent,
  type APISelectMenuOption,
} from "discord.js";
import { ASPECT_RATIOS } from "../../core/domain/aspect-ratios.ts";
import { PROMPT_MAX } from "../../core/domain/generation-request.ts";
import { remixFormId } from "./custom-id.ts";
import { LIMITS, truncate } from "./limits.ts";

/** What the form is pre-filled with: the engine's remix draft of the chosen image. */
export interface RemixFormDraft {
  prompt: string;
  model: string;
  aspectRatio: string;
  /** The workspace's models that accept an input image; the form offers them in a select. */
  imageModels: readonly string[];
}

/** The text inputs' and selects' custom ids, read back by handle-remix.ts. */
export const REMIX_FIELDS = { prompt: "prompt", model: "model", aspect: "aspect", strength: "strength" } as const;

/** Discord allows 25 options in a select; a catalog with more image models offers the first 25 (the draft's own first). */
const SELECT_OPTIONS_MAX = 25;

/**
 * The Remix form (interaction response type 9): the prompt pre-filled, the model and aspect ratio
 * as selects defaulting to the draft, and an optional strength. Modals are Label components
 * (type 18) around the inputs, as Discord's modal docs now describe them; within Discord's modal
 * limits (title 45, custom_id 100, 5 components, text values 4000) by construction, and the
 * fake Discord checks every one of them.
 */
export function renderRemixModal(jobId: string, index: number, draft: RemixFormDraft): APIModalInteractionResponse {
  // A select option's value is at most 100 characters; catalog ids are far shorter.
  const models = [draft.model, ...draft.imageModels.filter((m) => m !== draft.model)].filter((m) => m.length <= LIMITS.choiceText).slice(0, SELECT_OPTIONS_MAX);
  const components: APILabelComponent[] = [
    {
      type: ComponentType.Label,
      label: "Prompt",
      description: "Start from the image, drawn toward this prompt",
      component: {
        type: ComponentType.TextInput,
        custom_id: REMIX_FIELDS.prompt,
        style: TextInputStyle.Paragraph,
        required: true,
        min_length: 1,
        max_length: PROMPT_MAX,
        // A stored prompt never exceeds PROMPT_MAX, but a pre-filled value longer than max_length is refused by Discord.
        value: truncate(draft.prompt, Math.min(PROMPT_MAX, LIMITS.textInputValue)),
      },
    },
    select("Model", "Models that can start from an image", REMIX_FIELDS.model, models, draft.model),
    select("Aspect ratio", undefined, REMIX_FIELDS.aspect, ASPECT_RATIOS, draft.aspectRatio),
    {
      type: ComponentType.Label,
      label: "Strength (optional)",
      description: "0.05 keeps close to the image, 1 goes far from it; default 0.6",
      component: {
        type: ComponentType.TextInput,
        custom_id: REMIX_FIELDS.strength,
        style: TextInputStyle.Short,
        required: false,
        max_length: 4,
        placeholder: "0.6",
      },
    },
  ];
  return {
    type: InteractionResponseType.Modal,
    data: { custom_id: remixFormId(jobId, index), title: truncate(`Remix image ${index + 1}`, LIMITS.modalTitle), components },
  };
}

function select(label: string, description: string | undefined, customId: string, values: readonly string[], chosen: string): APILabelComponent {
  const options: APISelectMenuOption[] = values.map((value) => ({
    label: value,
    value,
    ...(value === chosen ? { default: true } : {}),
  }));
  return {
    type: ComponentType.Label,
    label,
    ...(description ? { description } : {}),
    component: { type: ComponentType.StringSelect, custom_id: customId, options, min_values: 1, max_values: 1, required: true },
  };
}
