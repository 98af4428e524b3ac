import { modules } from "./harness.ts";

/** A registered function's run-time shape (convex/server marks them with these flags). */
interface Registered {
  isPublic?: boolean;
  isQuery?: boolean;
  isMutation?: boolean;
  isAction?: boolean;
  exportArgs(): string;
}

export interface PublicFunction {
  /** "jobs:submit", the name a client calls. */
  name: string;
  kind: "query" | "mutation" | "action";
  args: unknown;
}

/** Every public query, mutation and action exported from any module under convex/. */
export async function publicFunctions(): Promise<PublicFunction[]> {
  const found: PublicFunction[] = [];
  for (const [path, load] of Object.entries(modules)) {
    if (path.includes("/_generated/")) continue;
    const module = path.replace("../../convex/", "").replace(/\.ts$/, "");
    for (const [exportName, value] of Object.entries((await load()) as Record<string, unknown>)) {
      const fn = value as Registered;
      if (typeof value !== "function" || !fn.isPublic) continue;
      const kind = fn.isQuery ? "query" : fn.isMutation ? "mutation" : "action";
      found.push({ name: `${module}:${exportName}`, kind, args: JSON.parse(fn.exportArgs()) });
    }
  }
  return found;
}

type ValidatorJson =
  | { type: "string" | "number" | "float64" | "int64" | "bigint" | "boolean" | "null" | "any" | "bytes" }
  | { type: "literal"; value: unknown }
  | { type: "union"; value: ValidatorJson[] }
  | { type: "array"; value: ValidatorJson }
  | { type: "record"; keys: ValidatorJson; values: { fieldType: ValidatorJson } }
  | { type: "object"; value: Record<string, { fieldType: ValidatorJson; optional: boolean }> };

/**
 * The smallest value each argument validator accepts, so a call gets past argument validation
 * and only the secret check can refuse it.
 */
export function sampleValue(validator: ValidatorJson): unknown {
  switch (validator.type) {
    case "string":
      return "x";
    case "number":
    case "float64":
      return 1;
    case "int64":
    case "bigint":
      return 1n;
    case "boolean":
      return false;
    case "null":
    case "any":
      return null;
    case "bytes":
      return new ArrayBuffer(0);
    case "literal":
      return validator.value;
    case "union":
      return sampleValue(validator.value[0]!);
    case "array":
      return [];
    case "record":
      return {};
    case "object":
      return Object.fromEntries(
        Object.entries(validator.value)
          .filter(([, field]) => !field.optional)
          .map(([key, field]) => [key, sampleValue(field.fieldType)]),
      );
  }
}
