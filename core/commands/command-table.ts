import { ASPECT_RATIOS } from "../domain/aspect-ratios.ts";
import { MAX_SEED, PROMPT_MAX, STRENGTH_MAX, STRENGTH_MIN } from "../domain/generation-request.ts";
import { DEFAULT_SCOPES, KEY_NAME_MAX } from "../engine/api-keys.ts";
import { API_KEY_SCOPES } from "../ports/store.ts";

/**
 * The one command table. Console, Discord and Slack build their parsers, registrations and
 * /help from it; front ends render commands, they do not redefine them.
 */
/**
 * "image": an input image. Discord registers it as an ATTACHMENT option (type 11); text forms
 * (console, Slack) take an https link after the flag. "number": a decimal (Discord NUMBER, 10).
 */
export type OptionType = "string" | "integer" | "number" | "boolean" | "image";

export interface CommandOption {
  /** Discord option name and the key in parsed options. */
  name: string;
  type: OptionType;
  description: string;
  required?: boolean;
  /** Text forms (console, Slack): the value is the free text left after flags. */
  positional?: boolean;
  /** Text forms: the flag, e.g. "--ar". Booleans take no value. */
  flag?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  maxLength?: number;
  /** Discord autocompletes this option (the model list depends on configuration). */
  autocomplete?: boolean;
  /** Text forms only (console, Slack): Discord does not register it (it has buttons for the same). */
  textOnly?: boolean;
  /** Text forms: a string flag that takes one word (an id), so the prompt may follow it. */
  singleWord?: boolean;
}

/**
 * /describe's options: the image (Discord: an attachment option; text forms: an image URL, or
 * on the console a local file) and the vision model. Kept as its own block: other helpers add
 * image options to /imagine in parallel.
 */
const describeCommand = {
  name: "describe",
  description: "Suggest prompts for an image; each has a button that runs it through /imagine",
  permission: "member",
  // The suggestions go to the person who asked (the image may be theirs alone); a picked one runs as a normal /imagine.
  private: true,
  options: [
    { name: "image", type: "image", description: "The image to describe (PNG, JPEG or WebP, up to 10 MB)", required: true, positional: true },
    { name: "model", type: "string", description: "Vision model to use (default: the server's)", flag: "--model" },
  ],
} as const satisfies CommandDef;

export interface CommandDef {
  name: string;
  description: string;
  options: readonly CommandOption[];
  /** "admin" commands need a workspace admin (platform admin role or ADMIN_USER_IDS). */
  permission: "member" | "admin";
  /** Answers only the person who asked (ephemeral on Discord and Slack). */
  private: boolean;
}

const jobOption: CommandOption = {
  name: "job",
  type: "string",
  description: "Job id (shown under every result)",
  required: true,
  positional: true,
};

export const COMMANDS = [
  {
    name: "imagine",
    description: "Generate an image from a text prompt",
    permission: "member",
    private: false,
    options: [
      { name: "prompt", type: "string", description: "What to draw", required: true, positional: true, maxLength: PROMPT_MAX },
      { name: "model", type: "string", description: "Model to use (default: the workspace's)", flag: "--model", autocomplete: true },
      { name: "aspect", type: "string", description: "Aspect ratio", flag: "--ar", choices: ASPECT_RATIOS },
      { name: "count", type: "integer", description: "Number of images (1-4)", flag: "--n", min: 1, max: 4 },
      { name: "seed", type: "integer", description: "Seed, to reproduce an image", flag: "--seed", min: 0, max: MAX_SEED },
      { name: "negative", type: "string", description: "What to leave out", flag: "--no", maxLength: PROMPT_MAX },
      { name: "private", type: "boolean", description: "Keep the result out of shared collections", flag: "--private" },
      // Issue #19: start from an image (see core/commands/image-input-options.ts).
      { name: "image", type: "image", description: "Start from this image (PNG, JPEG or WebP)", flag: "--image" },
      { name: "strength", type: "number", description: "With an image: how far from it, 0.05 (close) to 1 (free)", flag: "--strength", min: STRENGTH_MIN, max: STRENGTH_MAX },
      { name: "remix", type: "string", description: "Start from a result: <job> or <job>/<n> for its n-th image", flag: "--remix", textOnly: true, singleWord: true },
    ],
  },
  describeCommand,
  {
    name: "credits",
    description: "Show the workspace's plan, credits and recent usage",
    permission: "member",
    private: true,
    options: [],
  },
  { name: "jobs", description: "List your recent jobs", permission: "member", private: true, options: [] },
  { name: "show", description: "Show a job and its images", permission: "member", private: true, options: [jobOption] },
  {
    name: "cancel",
    description: "Cancel a queued job (credits are refunded)",
    permission: "member",
    private: true,
    options: [jobOption],
  },
  {
    name: "collection",
    description: "Show this channel's shared collection",
    permission: "member",
    private: true,
    options: [{ name: "page", type: "integer", description: "Page number", positional: true, min: 1, max: 10_000 }],
  },
  {
    name: "search",
    description: "Find the workspace's images by prompt",
    permission: "member",
    private: true,
    options: [
      { name: "words", type: "string", description: "Words in the prompt", required: true, positional: true, maxLength: 200 },
      { name: "page", type: "integer", description: "Page number", flag: "--page", min: 1, max: 10_000 },
    ],
  },
  {
    name: "settings",
    description: "Show or change the workspace's settings",
    permission: "admin",
    private: true,
    options: [
      { name: "default_model", type: "string", description: "Model used when none is named", flag: "--default-model", autocomplete: true },
      { name: "allowed_models", type: "string", description: "Comma-separated models members may use (\"all\" for every model)", flag: "--allowed-models" },
      { name: "block_words", type: "string", description: "Comma-separated blocked words (\"default\" for the built-in list)", flag: "--block-words" },
      { name: "daily_cap", type: "integer", description: "Credits one member may spend per day (0 = no cap)", flag: "--daily-cap", min: 0, max: 1_000_000 },
      { name: "nsfw", type: "string", description: "NSFW policy", flag: "--nsfw", choices: ["block", "allow"] },
      { name: "sharing", type: "string", description: "Share links for collections", flag: "--sharing", choices: ["on", "off"] },
      { name: "channels", type: "string", description: "Comma-separated channels allowed to generate (\"all\" for every channel)", flag: "--channels" },
    ],
  },
  {
    name: "apikey",
    description: "Create, list or revoke the workspace's REST API keys",
    permission: "admin",
    private: true,
    options: [
      { name: "action", type: "string", description: "What to do", required: true, positional: true, choices: ["create", "list", "revoke"] },
      { name: "name", type: "string", description: "Name of the new key (create)", flag: "--name", maxLength: KEY_NAME_MAX },
      {
        name: "scopes",
        type: "string",
        description: `Comma-separated scopes: ${API_KEY_SCOPES.join(", ")} (create; default ${DEFAULT_SCOPES.join(",")})`,
        flag: "--scopes",
      },
      { name: "id", type: "string", description: "Id or pxl_ prefix of the key to revoke (revoke)", flag: "--id" },
    ],
  },
  {
    name: "link",
    description: "Share one credit pool with the team's Discord server or Slack workspace",
    permission: "admin",
    private: true,
    options: [
      {
        name: "code",
        type: "string",
        description: "The code the other side's /link gave (leave empty to get a code or see the link)",
        positional: true,
        maxLength: 32,
      },
    ],
  },
  {
    name: "unlink",
    description: "End the shared credit pool (shows what each side keeps first)",
    permission: "admin",
    private: true,
    options: [{ name: "confirm", type: "boolean", description: "Yes: end the link now", flag: "--confirm" }],
  },
  {
    name: "forget-me",
    description: "Delete your images, API keys and memberships everywhere; asks first",
    permission: "member",
    private: true,
    options: [{ name: "confirm", type: "boolean", description: "Yes: delete everything Pixorly keeps about me", flag: "--confirm" }],
  },
  {
    name: "help",
    description: "List the commands",
    permission: "member",
    private: true,
    options: [{ name: "command", type: "string", description: "A command to explain", positional: true }],
  },
] as const satisfies readonly CommandDef[];

export type CommandName = (typeof COMMANDS)[number]["name"];

/** A command of the table, its name narrowed so front ends can index their handler tables with it. */
export type TableCommand = CommandDef & { readonly name: CommandName };

export function findCommand(name: string): TableCommand | undefined {
  return (COMMANDS as readonly TableCommand[]).find((c) => c.name === name.replace(/^\//, "").toLowerCase());
}
