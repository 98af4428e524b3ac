import { readFileSync } from "node:fs";
import { z } from "zod";
import { describeModelSchema, type DescribeModel } from "./describe-models.ts";
import { CodedError } from "./errors.ts";
import { modelSchema, type Model } from "./models.ts";

/**
 * MODELS_FILE: a JSON array of catalog entries that replace built-in models with the same id
 * or add new ones (prices are data, so operators change them without a release). Entries with
 * `"kind": "describe"` are /describe's vision models (loadDescribeModelsFile); the rest are
 * image models.
 */
export function loadModelsFile(path: string | undefined): Model[] {
  return parseEntries(path, (entry) => !isDescribeEntry(entry), modelSchema);
}

/** The `"kind": "describe"` entries of MODELS_FILE (core/domain/describe-models.ts). */
export function loadDescribeModelsFile(path: string | undefined): DescribeModel[] {
  return parseEntries(path, isDescribeEntry, describeModelSchema);
}

function isDescribeEntry(entry: unknown): boolean {
  return typeof entry === "object" && entry !== null && (entry as { kind?: unknown }).kind === "describe";
}

function parseEntries<T>(path: string | undefined, wanted: (entry: unknown) => boolean, schema: z.ZodType<T>): T[] {
  if (!path) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new CodedError("CONFIG_INVALID", `MODELS_FILE=${path} could not be read as JSON: ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(raw)) throw new CodedError("CONFIG_INVALID", `MODELS_FILE=${path}: must be a JSON array of model entries`);
  // Entry numbers in messages are positions in the whole file, as the operator sees it.
  const picked = raw.map((entry: unknown, index) => ({ entry, index })).filter(({ entry }) => wanted(entry));
  const parsed = z.array(schema).safeParse(picked.map(({ entry }) => entry));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const [position, ...rest] = issue.path;
    const where = [picked[Number(position)]?.index ?? position, ...rest].join(".");
    throw new CodedError("CONFIG_INVALID", `MODELS_FILE=${path}: entry ${where}: ${issue.message}`);
  }
  return parsed.data;
}
