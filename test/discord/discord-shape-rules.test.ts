import { InteractionResponseType, MessageFlags } from "discord.js";
import { describe, expect, it } from "vitest";
import { withNoMentionsResponse } from "../../bots/discord/outgoing-message.ts";
import { ASPECT_RATIOS } from "../../core/domain/aspect-ratios.ts";
import { PROMPT_MAX } from "../../core/domain/generation-request.ts";
import type { JobView } from "../../core/ports/notifier.ts";
import type { Image } from "../../core/domain/image.ts";
import type { Job } from "../../core/domain/job.ts";
import { parseButtonId, parseRemixFormId, remixButtonId, remixFormId } from "../../bots/discord/custom-id.ts";
import { renderJobMessage } from "../../bots/discord/render-job-message.ts";
import { renderRemixModal } from "../../bots/discord/render-remix-modal.ts";
import { componentsViolation, modalViolation } from "./discord-shape-rules.ts";
import { responseViolation } from "./fake-discord.ts";

const JOB_ID = "job_01KBZ8W7Q6V3N2M1K0J9H8G7F6";
const draft = { prompt: "a lighthouse at dusk", model: "local", aspectRatio: "1:1", imageModels: ["local"] };
const modal = () => renderRemixModal(JOB_ID, 0, draft).data as unknown as Record<string, unknown> & { components: Record<string, unknown>[] };
const label = (text: string, component: Record<string, unknown>) => ({ type: 18, label: text, component });
const textInput = (extra: Record<string, unknown> = {}) => ({ type: 4, custom_id: "prompt", style: 2, ...extra });
const withComponents = (...components: unknown[]) => ({ ...modal(), components });

describe("Discord's modal limits (the fake refuses what Discord refuses)", () => {
  it("the Remix form as rendered fits every modal limit", () => {
    expect(modalViolation(modal())).toBeNull();
  });

  it("a modal title is at most 45 characters", () => {
    expect(modalViolation({ ...modal(), title: "x".repeat(45) })).toBeNull();
    expect(modalViolation({ ...modal(), title: "x".repeat(46) })).toMatch(/title is 1 to 45/);
    expect(modalViolation({ ...modal(), title: "" })).toMatch(/title is 1 to 45/);
  });

  it("a modal custom_id is at most 100 characters", () => {
    expect(modalViolation({ ...modal(), custom_id: "x".repeat(101) })).toMatch(/custom_id is 1 to 100/);
  });

  it("a modal has between 1 and 5 components", () => {
    const one = modal().components[0]!;
    expect(modalViolation(withComponents())).toMatch(/1 to 5 components/);
    const six = Array.from({ length: 6 }, (_, i) => label(`Field ${i}`, textInput({ custom_id: `f${i}` })));
    expect(modalViolation(withComponents(...six))).toMatch(/1 to 5 components, got 6/);
    expect(modalViolation(withComponents(one))).toBeNull();
  });

  it("a label is at most 45 characters and its description at most 100", () => {
    expect(modalViolation(withComponents(label("x".repeat(46), textInput())))).toMatch(/label is 1 to 45/);
    expect(modalViolation(withComponents({ ...label("Prompt", textInput()), description: "x".repeat(101) }))).toMatch(/description is at most 100/);
  });

  it("a text input's value is at most 4000 characters and never longer than its max_length", () => {
    expect(modalViolation(withComponents(label("Prompt", textInput({ value: "x".repeat(4001) }))))).toMatch(/at most 4000/);
    expect(modalViolation(withComponents(label("Prompt", textInput({ max_length: 10, value: "x".repeat(11) }))))).toMatch(/longer than its max_length/);
  });

  it("a text input's max_length is 1 to 4000 and min_length 0 to 4000, min not above max", () => {
    expect(modalViolation(withComponents(label("Prompt", textInput({ max_length: 4001 }))))).toMatch(/max_length is 1 to 4000/);
    expect(modalViolation(withComponents(label("Prompt", textInput({ min_length: -1 }))))).toMatch(/min_length is 0 to 4000/);
    expect(modalViolation(withComponents(label("Prompt", textInput({ min_length: 5, max_length: 4 }))))).toMatch(/exceeds its max_length/);
  });

  it("a text input's placeholder is at most 100 characters", () => {
    expect(modalViolation(withComponents(label("Prompt", textInput({ placeholder: "x".repeat(101) }))))).toMatch(/placeholder is at most 100/);
  });

  it("a text input inside a label has no label of its own; in an action row it needs one", () => {
    expect(modalViolation(withComponents(label("Prompt", textInput({ label: "Prompt" }))))).toMatch(/must not have its own label/);
    expect(modalViolation(withComponents({ type: 1, components: [textInput()] }))).toMatch(/text input label is 1 to 45/);
    expect(modalViolation(withComponents({ type: 1, components: [textInput({ label: "Prompt" })] }))).toBeNull();
  });

  it("a string select in a modal has 1 to 25 options of at most 100 characters, distinct values", () => {
    const select = (options: unknown[]) => label("Model", { type: 3, custom_id: "model", options });
    const option = (value: string) => ({ label: value, value });
    expect(modalViolation(withComponents(select([])))).toMatch(/1 to 25 options/);
    expect(modalViolation(withComponents(select(Array.from({ length: 26 }, (_, i) => option(`m${i}`)))))).toMatch(/1 to 25 options/);
    expect(modalViolation(withComponents(select([option("x".repeat(101))])))).toMatch(/label is 1 to 100/);
    expect(modalViolation(withComponents(select([option("a"), option("a")])))).toMatch(/used twice/);
  });

  it("custom_ids are unique within a modal", () => {
    expect(modalViolation(withComponents(label("A", textInput()), label("B", textInput())))).toMatch(/used twice in one modal/);
  });

  it("the Remix form fits for a prompt of the longest allowed length, 25+ image models and the last image", () => {
    const long = renderRemixModal(JOB_ID, 3, {
      prompt: "🌊".repeat(PROMPT_MAX),
      model: "model-30",
      aspectRatio: "16:9",
      imageModels: Array.from({ length: 40 }, (_, i) => `model-${i}`),
    });
    expect(modalViolation(long.data)).toBeNull();
    const data = long.data as unknown as { title: string; components: { component: { value?: string; options?: { value: string; default?: boolean }[] } }[] };
    expect(data.title).toBe("Remix image 4");
    expect(data.components[0]!.component.value!.length).toBeLessThanOrEqual(PROMPT_MAX);
    const models = data.components[1]!.component.options!;
    expect(models).toHaveLength(25);
    // The draft's own model is always offered, and chosen.
    expect(models[0]).toEqual({ label: "model-30", value: "model-30", default: true });
    expect(data.components[2]!.component.options!.map((o) => o.value)).toEqual([...ASPECT_RATIOS]);
  });
});

describe("Discord's message component limits", () => {
  const row = (n: number, prefix = "b") => ({ type: 1, components: Array.from({ length: n }, (_, i) => ({ type: 2, style: 2, label: "x", custom_id: `${prefix}${i}` })) });

  it("a message has at most 5 action rows", () => {
    expect(componentsViolation({ components: Array.from({ length: 5 }, (_, i) => row(1, `r${i}-`)) })).toBeNull();
    expect(componentsViolation({ components: Array.from({ length: 6 }, (_, i) => row(1, `r${i}-`)) })).toMatch(/at most 5 action rows/);
  });

  it("an action row holds at most 5 buttons", () => {
    expect(componentsViolation({ components: [row(6)] })).toMatch(/at most 5 buttons/);
  });

  it("a button custom_id is at most 100 characters", () => {
    expect(componentsViolation({ components: [{ type: 1, components: [{ type: 2, style: 2, label: "x", custom_id: "x".repeat(101) }] }] })).toMatch(/1 to 100/);
  });

  it("custom_ids are unique within a message", () => {
    expect(componentsViolation({ components: [row(1), row(1)] })).toMatch(/used twice/);
  });

  it("a finished job with four images gets one Remix button per image, within the limits", () => {
    const job = { id: JOB_ID, status: "completed", prompt: "a lighthouse", creditsCharged: 4, creditsRefunded: 0 } as Job;
    const images = [3, 0, 2, 1].map((index) => ({ id: `img_${index}`, jobId: JOB_ID, index, storageKey: `k${index}.png` }) as Image);
    const view = { job, images, position: null } as unknown as JobView;
    const body = renderJobMessage(view, []);
    expect(componentsViolation(body)).toBeNull();
    const rows = body.components as { components: { custom_id: string; label: string }[] }[];
    expect(rows[1]!.components.map((b) => [b.label, b.custom_id])).toEqual([0, 1, 2, 3].map((i) => [`Remix ${i + 1}`, remixButtonId(JOB_ID, i)]));
  });

  it("a remix button and its form carry the job and image, and parse back", () => {
    expect(parseButtonId(remixButtonId(JOB_ID, 2))).toEqual({ kind: "remix", jobId: JOB_ID, index: 2 });
    expect(parseRemixFormId(remixFormId(JOB_ID, 2))).toEqual({ jobId: JOB_ID, index: 2 });
    expect(parseRemixFormId(`px:remixform:${JOB_ID}:x`)).toBeNull();
    expect(parseButtonId(`px:remix:${JOB_ID}`)).toBeNull();
    expect(remixFormId(JOB_ID, 3).length).toBeLessThanOrEqual(100);
  });
});

describe("Discord's deferred responses", () => {
  it("Discord rule: a deferred response (type 5) carries only flags; its message and allowed_mentions come with the edit", () => {
    const ephemeral = withNoMentionsResponse({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    expect(ephemeral).toEqual({ type: 5, data: { flags: MessageFlags.Ephemeral } });
    expect(withNoMentionsResponse({ type: InteractionResponseType.DeferredChannelMessageWithSource })).toEqual({ type: 5 });
    expect(responseViolation(ephemeral)).toBeNull();
    expect(responseViolation({ type: 5, data: { flags: 64, allowed_mentions: { parse: [] } } })).toMatch(/takes only flags, got allowed_mentions/);
    // A reply (4) still must carry the mention gate.
    expect(responseViolation({ type: 4, data: { content: "hi" } })).toMatch(/without allowed_mentions/);
  });
});
