import type { WorkspaceSettings } from "../domain/workspace.ts";
import type { OptionValues } from "./parse-text-command.ts";

const list = (raw: string) =>
  raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Turns /settings options into a settings patch (validated later by the engine). `resolveChannel`
 * maps what the person typed ("#general", "<#123>") to the platform-qualified channel key.
 */
export function settingsPatchFromOptions(options: OptionValues, resolveChannel: (raw: string) => string): Partial<WorkspaceSettings> {
  const patch: Partial<WorkspaceSettings> = {};
  if (typeof options.default_model === "string") patch.defaultModel = options.default_model === "none" ? null : options.default_model;
  if (typeof options.allowed_models === "string") patch.allowedModels = options.allowed_models === "all" ? [] : list(options.allowed_models);
  if (typeof options.block_words === "string") patch.blockWords = options.block_words === "default" ? null : list(options.block_words);
  if (typeof options.daily_cap === "number") patch.memberDailyCap = options.daily_cap === 0 ? null : options.daily_cap;
  if (typeof options.nsfw === "string") patch.nsfw = options.nsfw as WorkspaceSettings["nsfw"];
  if (typeof options.sharing === "string") patch.sharingEnabled = options.sharing === "on";
  if (typeof options.channels === "string") patch.allowedChannels = options.channels === "all" ? [] : list(options.channels).map(resolveChannel);
  return patch;
}

/** The current settings as lines for /settings with no options. */
export function settingsText(s: WorkspaceSettings): string {
  return [
    `Default model: ${s.defaultModel ?? "the server's default"}`,
    `Allowed models: ${s.allowedModels.length ? s.allowedModels.join(", ") : "all"}`,
    `Blocked words: ${s.blockWords === null ? "the built-in list" : s.blockWords.length ? s.blockWords.join(", ") : "none"}`,
    `Member daily cap: ${s.memberDailyCap === null ? "none" : `${s.memberDailyCap} credits`}`,
    `NSFW: ${s.nsfw}`,
    `Sharing: ${s.sharingEnabled ? "on" : "off"}`,
    `Channels: ${s.allowedChannels.length ? s.allowedChannels.join(", ") : "all"}`,
  ].join("\n");
}
