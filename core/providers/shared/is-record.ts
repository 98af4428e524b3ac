/** A plain JSON object, for looking into error bodies whose shape no schema promises. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
