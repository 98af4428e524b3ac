import type { z } from "zod";

const TYPE_WORDS: Record<string, string> = {
  int: "a whole number",
  number: "a number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a JSON object",
};

/** A zod issue as one plain sentence for the API client: where, and what is wrong. */
export function issueText(issue: z.core.$ZodIssue, what: "body" | "query"): string {
  const where = issue.path.length ? `"${pathText(issue.path)}"` : `the ${what}`;
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `${where} is required`;
      return `${where} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case "unrecognized_keys":
      return `unknown ${what === "body" ? "field" : "parameter"}${issue.keys.length === 1 ? "" : "s"} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "too_small":
      return `${where} must be ${bound("at least", issue.minimum, issue.origin)}`;
    case "too_big":
      return `${where} must be ${bound("at most", issue.maximum, issue.origin)}`;
    case "invalid_format":
      // Our regexes carry their own "must be …" message; zod's built-in formats do not.
      if (issue.format === "regex") return `${where} ${issue.message}`;
      return `${where} must be ${issue.format === "date" ? "a date as YYYY-MM-DD" : `a valid ${issue.format}`}`;
    default:
      return `${where} is not valid: ${issue.message}`;
  }
}

function bound(word: string, limit: number | bigint, origin: string): string {
  if (origin === "string") return `${word} ${limit} characters long`;
  if (origin === "array") return `a list of ${word} ${limit} items`;
  return `${word} ${limit}`;
}

function pathText(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i ? "." : ""}${String(p)}`)).join("");
}
