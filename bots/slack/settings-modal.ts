import type { types, ViewOutput } from "@slack/bolt";
import type { OptionValues } from "../../core/commands/parse-text-command.ts";
import type { ModelCatalog } from "../../core/domain/models.ts";
import type { WorkspaceSettings } from "../../core/domain/workspace.ts";
import { LIMITS, truncate } from "./limits.ts";

export const SETTINGS_CALLBACK_ID = "px:settings";
const VALUE = "value";
const SERVER_DEFAULT = "none";

type Option = types.PlainTextOption & { value: string };
const option = (value: string, label: string): Option => ({ value, text: { type: "plain_text", text: truncate(label, LIMITS.optionText) } });

/**
 * /settings as a modal: the same settings and option names as the text form, so a submission
 * becomes the same options the core turns into a settings patch. `channelId` maps the
 * workspace's channel keys ("slack:<team>/<id>") back to the ids Slack's picker shows.
 */
export function settingsModal(settings: WorkspaceSettings, catalog: ModelCatalog, channelIds: string[]): types.ModalView {
  const models = catalog.models.slice(0, LIMITS.selectOptions - 1).map((m) => option(m.id, `${m.displayName} (${m.id})`));
  const defaultModel = models.find((o) => o.value === settings.defaultModel) ?? option(SERVER_DEFAULT, "The server's default");
  const allowed = models.filter((o) => settings.allowedModels.includes(o.value));
  const input = (blockId: string, label: string, element: types.InputBlockElement, hint?: string): types.InputBlock => ({
    type: "input",
    block_id: blockId,
    optional: true,
    label: { type: "plain_text", text: label },
    element,
    ...(hint ? { hint: { type: "plain_text", text: hint } } : {}),
  });
  return {
    type: "modal",
    callback_id: SETTINGS_CALLBACK_ID,
    title: { type: "plain_text", text: "Pixorly settings" },
    submit: { type: "plain_text", text: "Save" },
    close: { type: "plain_text", text: "Cancel" },
    blocks: [
      input("default_model", "Default model", {
        type: "static_select",
        action_id: VALUE,
        options: [option(SERVER_DEFAULT, "The server's default"), ...models],
        initial_option: defaultModel,
      }),
      input(
        "allowed_models",
        "Models members may use",
        { type: "multi_static_select", action_id: VALUE, options: models, ...(allowed.length ? { initial_options: allowed } : {}) },
        "Leave empty for every model.",
      ),
      input(
        "block_words",
        "Blocked words",
        { type: "plain_text_input", action_id: VALUE, ...(settings.blockWords ? { initial_value: settings.blockWords.join(", ") } : {}) },
        "Comma-separated. Leave empty for the built-in list.",
      ),
      input(
        "daily_cap",
        "Credits one member may spend per day",
        {
          type: "number_input",
          action_id: VALUE,
          is_decimal_allowed: false,
          min_value: "0",
          ...(settings.memberDailyCap !== null ? { initial_value: String(settings.memberDailyCap) } : {}),
        },
        "0 or empty for no cap.",
      ),
      input("nsfw", "NSFW prompts", {
        type: "static_select",
        action_id: VALUE,
        options: [option("block", "Block"), option("allow", "Allow")],
        initial_option: option(settings.nsfw, settings.nsfw === "block" ? "Block" : "Allow"),
      }),
      input("sharing", "Share links for collections", {
        type: "static_select",
        action_id: VALUE,
        options: [option("on", "On"), option("off", "Off")],
        initial_option: settings.sharingEnabled ? option("on", "On") : option("off", "Off"),
      }),
      input(
        "channels",
        "Channels where members may generate",
        { type: "multi_conversations_select", action_id: VALUE, ...(channelIds.length ? { initial_conversations: channelIds } : {}) },
        "Leave empty for every channel.",
      ),
    ],
  };
}

/** A submitted modal as /settings options (every field given, so the patch is the whole form). */
export function settingsOptionsFromModal(view: ViewOutput): OptionValues {
  const state = view.state.values;
  const field = (blockId: string) => state[blockId]?.[VALUE];
  const cap = Number(field("daily_cap")?.value ?? 0);
  return {
    default_model: field("default_model")?.selected_option?.value ?? SERVER_DEFAULT,
    allowed_models: (field("allowed_models")?.selected_options ?? []).map((o) => o.value).join(",") || "all",
    block_words: field("block_words")?.value?.trim() || "default",
    daily_cap: Number.isSafeInteger(cap) && cap > 0 ? cap : 0,
    nsfw: field("nsfw")?.selected_option?.value ?? "block",
    sharing: field("sharing")?.selected_option?.value ?? "on",
    channels: (field("channels")?.selected_conversations ?? []).join(",") || "all",
  };
}
