import { readFileSync } from "node:fs";
import { z } from "zod";
import { CodedError } from "./errors.ts";
import { modelSchema, type Model } from "./models.ts";

/**
 * MODELS_FILE: a JSON array of catalog entries that replace built-in models with the same id
 * or add new ones (prices are data, so operators change them without a release).
 */
export function loadModelsFile(path: string | undefined): Model[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CodedError("CONFIG_INVALID", `MODELS_FILE=${path} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  const parsed = z.array(modelSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CodedError("CONFIG_INVALID", `MODELS_FILE=${path}: entry ${issue.path.join(".")}: ${issue.message}`);
  }
  return parsed.data;
}
