import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { findCommand, type CommandDef, type CommandOption, type TableCommand } from "./command-table.ts";

export type OptionValues = Record<string, string | number | boolean>;

export interface ParsedCommand {
  command: TableCommand;
  options: OptionValues;
}

// Straight and typographic quotes (macOS and phones turn "x" into “x”).
const QUOTES: Record<string, string> = { '"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019" };

interface Token {
  /** The word, or the inside of a quoted phrase. */
  text: string;
  /** Where the token sits in the source, quotes included. */
  start: number;
  end: number;
  /** A quoted phrase is always literal text, never a flag. */
  quoted: boolean;
}

const isSpace = (ch: string | undefined) => ch === undefined || /\s/.test(ch);

/** The closing quote for an opening one at `open`: the next one followed by whitespace or the end. */
function closingQuote(source: string, open: number): number {
  const close = QUOTES[source[open]!];
  if (!close) return -1;
  let j = source.indexOf(close, open + 1);
  while (j !== -1 && !isSpace(source[j + 1])) j = source.indexOf(close, j + 1);
  return j;
}

/**
 * Splits on whitespace, keeping "quoted phrases" (and `--flag="a phrase"`) together. Quotes
 * count only at the start of a word, so apostrophes (fox's, '90s) stay ordinary text.
 */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    if (isSpace(source[i])) {
      i++;
      continue;
    }
    const close = closingQuote(source, i);
    if (close !== -1) {
      tokens.push({ text: source.slice(i + 1, close), start: i, end: close + 1, quoted: true });
      i = close + 1;
      continue;
    }
    let end = i;
    while (end < source.length && !isSpace(source[end])) end++;
    // Slack on macOS and phones turns a typed "--" into an em or en dash: "—ar 16:9".
    let text = source.slice(i, end).replace(/^[\u2013\u2014](?=\p{L})/u, "--");
    const eq = text.startsWith("--") ? text.indexOf("=") : -1;
    if (eq > 2) {
      const valueClose = closingQuote(source, i + eq + 1);
      if (valueClose !== -1) {
        text = text.slice(0, eq + 1) + source.slice(i + eq + 2, valueClose);
        end = valueClose + 1;
      }
    }
    tokens.push({ text, start: i, end, quoted: false });
    i = end;
  }
  return tokens;
}

const isFlag = (token: Token) => !token.quoted && token.text.startsWith("--") && token.text.length > 2;

/**
 * The text of consecutive tokens exactly as typed (inner quotes, spacing and line breaks kept:
 * prompts use them), or the inside of a phrase that is quoted as a whole.
 */
function textOf(source: string, run: readonly Token[]): string {
  if (run.length === 1 && run[0]!.quoted) return run[0]!.text;
  return source.slice(run[0]!.start, run[run.length - 1]!.end);
}

const TRUE_WORDS = ["true", "yes", "1", "on"];
const FALSE_WORDS = ["false", "no", "0", "off"];

function coerce(option: CommandOption, raw: string): Result<string | number | boolean, Rejection> {
  const label = option.flag ?? option.name;
  if (option.type === "integer") {
    const n = Number(raw);
    if (!/^-?\d+$/.test(raw) || !Number.isSafeInteger(n)) {
      return err(reject("INVALID_REQUEST", `${label} needs a whole number, got "${raw}".`));
    }
    const { min, max } = option;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const range =
        min !== undefined && max !== undefined ? `between ${min} and ${max}` : min !== undefined ? `at least ${min}` : `at most ${max}`;
      return err(reject("INVALID_REQUEST", `${label} must be ${range}.`));
    }
    return ok(n);
  }
  if (option.type === "number") {
    const n = Number(raw);
    if (!/^\d*\.?\d+$/.test(raw) || !Number.isFinite(n) || (option.min !== undefined && n < option.min) || (option.max !== undefined && n > option.max)) {
      return err(reject("INVALID_REQUEST", `${label} needs a number from ${option.min ?? 0} to ${option.max ?? "any"}, got "${raw}".`));
    }
    return ok(n);
  }
  if (option.type === "boolean") {
    const word = raw.toLowerCase();
    if (TRUE_WORDS.includes(word)) return ok(true);
    if (FALSE_WORDS.includes(word)) return ok(false);
    return err(reject("INVALID_REQUEST", `${label} takes no value (or ${label}=true / ${label}=false), got "${raw}".`));
  }
  if (option.choices && !option.choices.includes(raw)) {
    return err(reject("INVALID_REQUEST", `${label} must be one of ${option.choices.join(", ")}.`));
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
  const byFlag = new Map(command.options.filter((o) => o.flag).map((o) => [o.flag!.toLowerCase(), o]));
  const positional = command.options.find((o) => o.positional);
  const values: OptionValues = {};
  // Runs of consecutive free tokens; each run keeps its original text.
  const free: Token[][] = [];
  let freeRun: Token[] | null = null;

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isFlag(token)) {
      if (!freeRun) free.push((freeRun = []));
      freeRun.push(token);
      continue;
    }
    freeRun = null;
    const [flagName, inline] = token.text.split(/=(.*)/s, 2) as [string, string?];
    const option = byFlag.get(flagName.toLowerCase());
    if (!option) {
      const known = [...byFlag.keys()].join(", ") || "none";
      return err(reject("INVALID_REQUEST", `Unknown option ${flagName}. Options for /${command.name}: ${known}.`));
    }
    if (option.type === "boolean") {
      const value = inline === undefined ? ok(true) : coerce(option, inline);
      if (!value.ok) return value;
      values[option.name] = value.value;
      continue;
    }
    const run: Token[] = [];
    if (inline === undefined) {
      const takesPhrase = option.type === "string" && !option.choices && !option.singleWord;
      while (i + 1 < tokens.length && !isFlag(tokens[i + 1]!)) {
        run.push(tokens[++i]!);
        if (!takesPhrase) break;
      }
    }
    const raw = inline ?? (run.length ? textOf(text, run) : "");
    if (raw.trim() === "") return err(reject("INVALID_REQUEST", `${option.flag} needs a value.`));
    const value = coerce(option, raw);
    if (!value.ok) return value;
    values[option.name] = value.value;
  }

  if (free.length) {
    if (!positional) return err(reject("INVALID_REQUEST", `/${command.name} takes no text; see /help ${command.name}.`));
    const value = coerce(positional, free.map((run) => textOf(text, run)).join(" "));
    if (!value.ok) return value;
    values[positional.name] = value.value;
  }
  for (const o of command.options) {
    if (o.required && values[o.name] === undefined) {
      // "needs a prompt", "needs a job", "needs an image", but "needs words".
      const what = o.positional ? (o.name.endsWith("s") ? o.name : `${/^[aeiou]/.test(o.name) ? "an" : "a"} ${o.name}`) : o.flag;
      return err(reject("INVALID_REQUEST", `/${command.name} needs ${what}. Usage: ${usage(command)}`));
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
