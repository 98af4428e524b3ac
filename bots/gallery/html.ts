/**
 * Markup that may be emitted as it is. Only `html` and `trustedHtml` make it, so every other
 * string is treated as text.
 */
export class SafeHtml {
  readonly markup: string;

  constructor(markup: string) {
    this.markup = markup;
  }
}

/** What a template accepts: text (escaped), numbers, markup, lists of these, or nothing. */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Escapes for both text and quoted attribute values, so one function serves every slot. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.markup;
  if (Array.isArray(value)) return value.map(render).join("");
  if (value === null || value === undefined || value === false) return "";
  return escapeHtml(String(value));
}

/**
 * Tagged template for pages built from user input (prompts, channel names): every
 * interpolated value is escaped unless it is itself the result of `html`. Attribute values
 * must be written inside double quotes.
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, i) => {
    markup += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(markup);
}

/** Constant markup written in this codebase (a style sheet); never for anything that came in. */
export function trustedHtml(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
