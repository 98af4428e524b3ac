/**
 * Discord's documented limits on components and modals, checked by the fake Discord on every
 * message and modal the bot sends (and by the harness on HTTP interaction responses), so a
 * render that would be refused by Discord ("Invalid Form Body", 50035) fails its tests here.
 * Each rule is tested by name in discord-shape-rules.test.ts.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);
const tooLong = (value: unknown, max: number) => typeof value === "string" && value.length > max;

export const SHAPE_LIMITS = {
  actionRowsPerMessage: 5,
  buttonsPerRow: 5,
  customId: 100,
  buttonLabel: 80,
  modalTitle: 45,
  modalComponents: 5,
  labelText: 45,
  labelDescription: 100,
  textInputValue: 4000,
  textInputPlaceholder: 100,
  selectOptions: 25,
  selectOptionText: 100,
} as const;

/** Null when a message's components fit: at most 5 action rows of at most 5 buttons, ids of at most 100 characters, all distinct. */
export function componentsViolation(body: unknown): string | null {
  const components = isObject(body) ? body.components : undefined;
  if (components === undefined) return null;
  if (!Array.isArray(components)) return "components must be an array";
  if (components.length > SHAPE_LIMITS.actionRowsPerMessage) return `a message has at most ${SHAPE_LIMITS.actionRowsPerMessage} action rows, got ${components.length}`;
  const ids = new Set<string>();
  for (const row of components) {
    if (!isObject(row) || row.type !== 1 || !Array.isArray(row.components)) return "a message's top-level component must be an action row";
    if (row.components.length === 0) return "an action row must not be empty";
    if (row.components.length > SHAPE_LIMITS.buttonsPerRow) return `an action row holds at most ${SHAPE_LIMITS.buttonsPerRow} buttons, got ${row.components.length}`;
    for (const button of row.components) {
      if (!isObject(button)) return "a component must be an object";
      const id = text(button.custom_id);
      if (button.type === 2 && button.style !== 5 && !id) return "a button needs a custom_id";
      if (id !== undefined) {
        if (id.length === 0 || id.length > SHAPE_LIMITS.customId) return `a custom_id is 1 to ${SHAPE_LIMITS.customId} characters, got ${id.length}`;
        if (ids.has(id)) return `custom_id ${id} is used twice in one message`;
        ids.add(id);
      }
      if (tooLong(button.label, SHAPE_LIMITS.buttonLabel)) return `a button label is at most ${SHAPE_LIMITS.buttonLabel} characters`;
    }
  }
  return null;
}

/**
 * Null when a modal (interaction response type 9) fits: title 1-45, custom_id 1-100, 1 to 5
 * components, each a Label (label 1-45, description up to 100) around one text input or string
 * select, or an action row with one labelled text input; text inputs with values up to 4000
 * and within their own min/max length, placeholders up to 100; selects with 1-25 options.
 */
export function modalViolation(data: unknown): string | null {
  if (!isObject(data)) return "a modal needs data";
  const title = text(data.title);
  if (!title || title.length > SHAPE_LIMITS.modalTitle) return `a modal title is 1 to ${SHAPE_LIMITS.modalTitle} characters, got ${title?.length ?? 0}`;
  const id = text(data.custom_id);
  if (!id || id.length > SHAPE_LIMITS.customId) return `a modal custom_id is 1 to ${SHAPE_LIMITS.customId} characters, got ${id?.length ?? 0}`;
  const components = data.components;
  if (!Array.isArray(components) || components.length === 0 || components.length > SHAPE_LIMITS.modalComponents) {
    return `a modal has 1 to ${SHAPE_LIMITS.modalComponents} components, got ${Array.isArray(components) ? components.length : "none"}`;
  }
  const ids = new Set<string>();
  for (const top of components) {
    if (!isObject(top)) return "a modal component must be an object";
    let problem: string | null;
    if (top.type === 18) problem = labelViolation(top, ids);
    else if (top.type === 1) {
      const inner = Array.isArray(top.components) ? top.components : [];
      problem = inner.length !== 1 || !isObject(inner[0]) ? "a modal action row holds exactly one text input" : leafViolation(inner[0], ids, true);
    } else if (top.type === 10) problem = null;
    else problem = `type ${String(top.type)} cannot be a modal's top-level component`;
    if (problem) return problem;
  }
  return null;
}

function labelViolation(label: Json, ids: Set<string>): string | null {
  const name = text(label.label);
  if (!name || name.length > SHAPE_LIMITS.labelText) return `a label is 1 to ${SHAPE_LIMITS.labelText} characters, got ${name?.length ?? 0}`;
  if (tooLong(label.description, SHAPE_LIMITS.labelDescription)) return `a label description is at most ${SHAPE_LIMITS.labelDescription} characters`;
  if (!isObject(label.component)) return "a label holds one component";
  return leafViolation(label.component, ids, false);
}

function leafViolation(component: Json, ids: Set<string>, inActionRow: boolean): string | null {
  const id = text(component.custom_id);
  if (!id || id.length > SHAPE_LIMITS.customId) return `a modal component's custom_id is 1 to ${SHAPE_LIMITS.customId} characters`;
  if (ids.has(id)) return `custom_id ${id} is used twice in one modal`;
  ids.add(id);
  if (component.type === 4) return textInputViolation(component, inActionRow);
  if (component.type === 3 && !inActionRow) return selectViolation(component);
  return `type ${String(component.type)} is not allowed ${inActionRow ? "in a modal action row" : "in a label"}`;
}

function textInputViolation(input: Json, inActionRow: boolean): string | null {
  if (input.style !== 1 && input.style !== 2) return "a text input's style is 1 (short) or 2 (paragraph)";
  // In an action row the text input carries its own label; inside a Label component it must not.
  if (inActionRow) {
    const name = text(input.label);
    if (!name || name.length > SHAPE_LIMITS.labelText) return `a text input label is 1 to ${SHAPE_LIMITS.labelText} characters`;
  } else if (input.label !== undefined) return "a text input inside a label must not have its own label";
  const min = input.min_length;
  const max = input.max_length;
  if (min !== undefined && (typeof min !== "number" || min < 0 || min > SHAPE_LIMITS.textInputValue)) return `a text input's min_length is 0 to ${SHAPE_LIMITS.textInputValue}`;
  if (max !== undefined && (typeof max !== "number" || max < 1 || max > SHAPE_LIMITS.textInputValue)) return `a text input's max_length is 1 to ${SHAPE_LIMITS.textInputValue}`;
  if (typeof min === "number" && typeof max === "number" && min > max) return "a text input's min_length exceeds its max_length";
  const value = input.value;
  if (value !== undefined) {
    if (typeof value !== "string" || value.length > SHAPE_LIMITS.textInputValue) return `a text input's value is at most ${SHAPE_LIMITS.textInputValue} characters`;
    if (typeof max === "number" && value.length > max) return `a text input's pre-filled value (${value.length}) is longer than its max_length (${max})`;
  }
  if (tooLong(input.placeholder, SHAPE_LIMITS.textInputPlaceholder)) return `a text input placeholder is at most ${SHAPE_LIMITS.textInputPlaceholder} characters`;
  return null;
}

function selectViolation(select: Json): string | null {
  const options = select.options;
  if (!Array.isArray(options) || options.length === 0 || options.length > SHAPE_LIMITS.selectOptions) {
    return `a string select has 1 to ${SHAPE_LIMITS.selectOptions} options`;
  }
  const values = new Set<string>();
  let defaults = 0;
  for (const option of options) {
    if (!isObject(option)) return "a select option must be an object";
    const label = text(option.label);
    const value = text(option.value);
    if (!label || label.length > SHAPE_LIMITS.selectOptionText) return `a select option label is 1 to ${SHAPE_LIMITS.selectOptionText} characters`;
    if (!value || value.length > SHAPE_LIMITS.selectOptionText) return `a select option value is 1 to ${SHAPE_LIMITS.selectOptionText} characters`;
    if (values.has(value)) return `select option value ${value} is used twice`;
    values.add(value);
    if (option.default === true) defaults++;
  }
  const maxValues = typeof select.max_values === "number" ? select.max_values : 1;
  if (defaults > maxValues) return `a select has ${defaults} default options but max_values ${maxValues}`;
  return null;
}
