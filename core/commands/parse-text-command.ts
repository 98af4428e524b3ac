import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { findCommand, type CommandDef, type CommandOption } from "./command-table.ts";

export type OptionValues = Record<string, string | number | boolean>;

export interface ParsedCommand {
  command: CommandDef;
  options: OptionValues;
}

/** Splits on whitespace, keeping "quoted phrases" together. */
function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const m of text.matchAll(re)) tokens.push(m[1] ?? m[2] ?? m[3] ?? "");
  return tokens;
}

function coerce(option: CommandOption, raw: string): Result<string | number | boolean, Rejection> {
  if (option.type === "integer") {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n)) {
      return err(reject("INVALID_REQUEST", `${option.flag ?? option.name} needs a whole number, got "${raw}".`));
    }
    if ((option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
      return err(reject("INVALID_REQUEST", `${option.flag ?? option.name} must be between ${option.min} and ${option.max}.`));
    }
    return ok(n);
  }
  if (option.choices && !option.choices.includes(raw)) {
    return err(reject("INVALID_REQUEST", `${option.flag ?? option.name} must be one of ${option.choices.join(", ")}.`));
  }
  return ok(raw);
}

/**
 * Parses the text form shared by the console and Slack:
 * `/imagine a red fox --ar 16:9 --n 2 --seed 7 --no blurry text --private`.
 * String flags take every word up to the next flag, so `--no blurry text` works unquoted.
 */
export function parseOptions(command: CommandDef, text: string): Result<OptionValues, Rejection> {
  const tokens = tokenize(text);
  const byFlag = new Map(command.options.filter((o) => o.flag).map((o) => [o.flag!, o]));
  const positional = command.options.find((o) => o.positional);
  const values: OptionValues = {};
  const free: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const [flagName, inline] = token.startsWith("--") ? (token.split(/=(.*)/s, 2) as [string, string?]) : [token];
    const option = token.startsWith("--") ? byFlag.get(flagName.toLowerCase()) : undefined;
    if (!option) {
      if (token.startsWith("--") && token.length > 2) {
        const known = [...byFlag.keys()].join(", ") || "none";
        return err(reject("INVALID_REQUEST", `Unknown option ${flagName}. Options for /${command.name}: ${known}.`));
      }
      free.push(token);
      continue;
    }
    if (option.type === "boolean") {
      values[option.name] = inline === undefined ? true : !["false", "no", "0", "off"].includes(inline.toLowerCase());
      continue;
    }
    const words: string[] = inline !== undefined ? [inline] : [];
    if (inline === undefined) {
      const takesPhrase = option.type === "string" && !option.choices;
      while (i + 1 < tokens.length && !tokens[i + 1]!.startsWith("--")) {
        words.push(tokens[++i]!);
        if (!takesPhrase) break;
      }
    }
    if (words.length === 0) return err(reject("INVALID_REQUEST", `${option.flag} needs a value.`));
    const value = coerce(option, words.join(" "));
    if (!value.ok) return value;
    values[option.name] = value.value;
  }

  if (free.length) {
    if (!positional) return err(reject("INVALID_REQUEST", `/${command.name} takes no text; see /help ${command.name}.`));
    const value = coerce(positional, free.join(" "));
    if (!value.ok) return value;
    values[positional.name] = value.value;
  }
  for (const o of command.options) {
    if (o.required && values[o.name] === undefined) {
      return err(reject("INVALID_REQUEST", `/${command.name} needs ${o.positional ? `a ${o.name}` : o.flag}. Usage: ${usage(command)}`));
    }
  }
  return ok(values);
}

/** Parses a whole line such as "/imagine a fox --n 2"; NOT_FOUND for unknown commands. */
export function parseCommandLine(line: string): Result<ParsedCommand, Rejection> {
  const trimmed = line.trim();
  const match = /^\/?(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const command = match ? findCommand(match[1]!) : undefined;
  if (!match || !command) {
    return err(reject("NOT_FOUND", `Unknown command "${trimmed.split(/\s/)[0] ?? ""}". Type /help for the list.`));
  }
  const options = parseOptions(command, match[2] ?? "");
  return options.ok ? ok({ command, options: options.value }) : options;
}

export function usage(command: CommandDef): string {
  const parts = command.options.map((o) => {
    const body = o.positional ? `<${o.name}>` : o.type === "boolean" ? o.flag! : `${o.flag} <${o.name}>`;
    return o.required ? body : `[${body}]`;
  });
  return [`/${command.name}`, ...parts].join(" ");
}
