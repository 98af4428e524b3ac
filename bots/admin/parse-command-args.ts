import { parseArgs } from "node:util";
import { UsageError, type AdminCommand } from "./admin-command.ts";

/**
 * Reads a command's arguments with node:util parseArgs (strict: unknown options are errors),
 * names its positionals, and validates everything with the command's zod schema. Every
 * problem becomes a UsageError that names the argument as typed: <workspace>, --reason.
 */
export function parseCommandArgs<A>(command: AdminCommand<A>, argv: readonly string[]): { args: A; json: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...command.options, json: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node appends advice about "--" that reads oddly here; the first sentence says what is wrong.
    throw new UsageError((error as Error).message.split(". To specify")[0]!);
  }
  // The options are each command's own, so parseArgs can only type the values loosely.
  const { json, ...values } = parsed.values as Record<string, string | boolean | undefined>;
  const named: Record<string, unknown> = {};
  const missing: string[] = [];
  command.positionals.forEach((spec, index) => {
    const name = spec.replace(/\?$/, "");
    named[name] = parsed.positionals[index];
    if (parsed.positionals[index] === undefined && !spec.endsWith("?")) missing.push(`<${name}>`);
  });
  if (missing.length > 0) throw new UsageError(`missing ${missing.join(" and ")}`);
  const extra = parsed.positionals[command.positionals.length];
  if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);

  const result = command.schema.safeParse({ ...named, ...values });
  if (!result.success) {
    const label = (key: PropertyKey | undefined) => (typeof key === "string" && key in named ? `<${key}>` : `--${String(key)}`);
    throw new UsageError(result.error.issues.map((issue) => `${label(issue.path[0])}: ${issue.message}`).join("; "));
  }
  return { args: result.data, json: json === true };
}
