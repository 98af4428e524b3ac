import type { GenerationRequest } from "../domain/generation-request.ts";
import type { OptionValues } from "./parse-text-command.ts";

const text = (value: unknown) => (typeof value === "string" ? value : undefined);
const integer = (value: unknown) => (typeof value === "number" ? value : undefined);

/** /imagine's options (by their names in the command table) as the engine's generation request. */
export function generationRequestFromOptions(options: OptionValues): GenerationRequest {
  return {
    prompt: text(options.prompt) ?? "",
    negativePrompt: text(options.negative),
    model: text(options.model),
    aspectRatio: text(options.aspect),
    count: integer(options.count),
    seed: integer(options.seed),
    private: options.private === true,
    strength: integer(options.strength),
  };
}
