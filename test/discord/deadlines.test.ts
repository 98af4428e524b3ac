import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags, type APIInteraction } from "discord.js";
import { discordHarness, heldProvider, RESPONSE_DEADLINE_MS, type DiscordHarness } from "./discord-harness.ts";
import type { RecordedCall } from "./fake-discord.ts";
import { APP_ID, autocomplete, buttonPress, imagineWithImage, modalSubmit, PERMISSIONS, slashCommand } from "./interactions.ts";
import { remixButtonId, remixFormId } from "../../bots/discord/custom-id.ts";
import { encodedImage } from "../unit/providers/fixtures.ts";
import type { StoreDelay } from "./slow-store.ts";

/** Slower than Discord allows for the whole answer when a command makes several store calls. */
const STORE_DELAY_MS = 2_500;
const admin = { userId: "400000000000000009", permissions: PERMISSIONS.manageServer };

type Body = Record<string, unknown> | null | undefined;
const footer = (body: Body) => (body?.embeds as { footer: { text: string } }[])[0]!.footer.text;

interface Case {
  name: string;
  interaction: APIInteraction;
  /** The initial response Discord must get in time. */
  initial: InteractionResponseType;
  /** How the answer reaches the person once ready: an edit of @original or a follow-up (none when the initial response was the answer). */
  finish?: { via: "edit" | "follow-up"; content?: RegExp; files?: number; ephemeral?: boolean };
}

/** Jobs in every state the buttons need, made while the store is still fast. */
async function prepare(d: DiscordHarness) {
  const finished = async (prompt: string) => {
    const imagine = slashCommand("imagine", { prompt });
    await d.send(imagine);
    return footer((await d.finalEdit(imagine)).body);
  };
  const kept = await finished("a lighthouse at dusk");
  const doomed = await finished("a lighthouse to delete");
  const release = heldProvider(d);
  const running = footer((await d.send(slashCommand("imagine", { prompt: "a running fox" }))).data);
  await d.h.waitForJob(running, (j) => j.status === "processing");
  // One job at a time per member on the free plan: these two wait.
  const waitingA = footer((await d.send(slashCommand("imagine", { prompt: "a waiting fox" }))).data);
  const waitingB = footer((await d.send(slashCommand("imagine", { prompt: "another waiting fox" }))).data);
  expect((await d.h.store.jobs.get(waitingB))?.status).toBe("pending");
  return { kept, doomed, waitingA, waitingB, release };
}

function cases(d: DiscordHarness, jobs: Awaited<ReturnType<typeof prepare>>): Case[] {
  const cmd = InteractionResponseType.DeferredChannelMessageWithSource;
  const btn = InteractionResponseType.DeferredMessageUpdate;
  return [
    { name: "/credits", interaction: slashCommand("credits"), initial: cmd, finish: { via: "edit", content: /credits left/ } },
    { name: "/credits (admin: chart)", interaction: slashCommand("credits", {}, admin), initial: cmd, finish: { via: "edit", content: /Members, last 30 days/, files: 1 } },
    { name: "/collection", interaction: slashCommand("collection"), initial: cmd, finish: { via: "edit", content: /image\(s\), page 1 of 1/ } },
    { name: "/search", interaction: slashCommand("search", { words: "lighthouse" }), initial: cmd, finish: { via: "edit", content: /match "lighthouse"/ } },
    { name: "/jobs", interaction: slashCommand("jobs"), initial: cmd, finish: { via: "edit", content: new RegExp(jobs.kept) } },
    { name: "/show", interaction: slashCommand("show", { job: jobs.kept }), initial: cmd, finish: { via: "edit", content: /^Done/, files: 1 } },
    { name: "/cancel", interaction: slashCommand("cancel", { job: jobs.waitingB }), initial: cmd, finish: { via: "edit", content: /^Cancelled/ } },
    { name: "/settings", interaction: slashCommand("settings", {}, admin), initial: cmd, finish: { via: "edit", content: /^Default model/ } },
    { name: "/apikey", interaction: slashCommand("apikey", { action: "list" }, admin), initial: cmd, finish: { via: "edit" } },
    { name: "/imagine", interaction: slashCommand("imagine", { prompt: "a slow lighthouse" }), initial: cmd, finish: { via: "edit", content: /^(Queued|Generating|Done)/ } },
    // No store call: answered at once, as before.
    { name: "/help", interaction: slashCommand("help"), initial: InteractionResponseType.ChannelMessageWithSource },
    { name: "Save", interaction: buttonPress(`px:save:${jobs.kept}`), initial: btn, finish: { via: "follow-up", content: /^Saved 1 image/, ephemeral: true } },
    { name: "Details", interaction: buttonPress(`px:details:${jobs.kept}`), initial: btn, finish: { via: "follow-up", ephemeral: true } },
    { name: "Delete", interaction: buttonPress(`px:delete:${jobs.doomed}`), initial: btn, finish: { via: "edit", content: /images were deleted/ } },
    { name: "Cancel", interaction: buttonPress(`px:cancel:${jobs.waitingA}`), initial: btn, finish: { via: "edit", content: /^Cancelled/ } },
    { name: "collection page", interaction: buttonPress("px:collection:mine:1", {}, MessageFlags.Ephemeral), initial: btn, finish: { via: "edit", content: /image\(s\)/ } },
    { name: "search page", interaction: buttonPress("px:search:1:lighthouse"), initial: btn, finish: { via: "edit", content: /match "lighthouse"/ } },
    { name: "Regenerate", interaction: buttonPress(`px:regenerate:${jobs.kept}`, admin), initial: cmd, finish: { via: "edit", content: /^(Queued|Generating|Done)/ } },
    {
      name: "/imagine with an image",
      interaction: imagineWithImage({ prompt: "a slow lighthouse from a photo" }, d.fake.attach({ filename: "photo.png", bytes: encodedImage("png", 32, 32) }), {
        userId: "400000000000000011",
      }),
      initial: cmd,
      finish: { via: "edit", content: /^(Queued|Generating|Done)/ },
    },
    // A modal cannot be deferred: a draft slower than the budget is answered with "press again", in time.
    { name: "Remix", interaction: buttonPress(remixButtonId(jobs.kept, 0)), initial: InteractionResponseType.ChannelMessageWithSource },
    {
      name: "Remix form",
      interaction: modalSubmit(remixFormId(jobs.kept, 0), { prompt: "a slow remix", model: "local", aspect: "1:1" }, { userId: "400000000000000012" }),
      initial: cmd,
      finish: { via: "edit", content: /^(Queued|Generating|Done)/ },
    },
    // Autocomplete cannot be deferred: it answers in time with the whole catalog.
    { name: "autocomplete", interaction: autocomplete("imagine", "model", "loc"), initial: InteractionResponseType.ApplicationCommandAutocompleteResult },
  ];
}

/** The initial response and how long it took, through the harness's transport. */
async function initialResponse(d: DiscordHarness, interaction: APIInteraction, gateway: boolean) {
  if (!gateway) {
    const before = d.responses.length;
    const response = await d.send(interaction);
    const ms = d.responses.slice(before).find((r) => r.json === response)?.ms ?? Number.NaN;
    return { response, ms };
  }
  const response = await d.send(interaction);
  return { response, ms: d.fake.responseMs.get(interaction.id) ?? Number.NaN };
}

function finishingCall(d: DiscordHarness, c: Case): Promise<RecordedCall> {
  const { token } = c.interaction;
  const via = c.finish!.via;
  return d.fake.waitFor(
    (call) =>
      call.status === 200 &&
      (via === "edit" ? call.method === "PATCH" && call.path === `/webhooks/${APP_ID}/${token}/messages/@original` : call.method === "POST" && call.path === `/webhooks/${APP_ID}/${token}`) &&
      (!c.finish!.content || c.finish!.content.test(String(call.body?.content ?? ""))),
    90_000,
  );
}

async function everyInteractionInTime(transport: "http" | "gateway"): Promise<DiscordHarness> {
  const delay: StoreDelay = { ms: 0 };
  const d = await discordHarness({ transport, storeDelay: delay, enforceDeadline: true });
  const jobs = await prepare(d);
  delay.ms = STORE_DELAY_MS;
  const all = cases(d, jobs);

  // All at once, as a busy server would send them; each one is on its own clock.
  const results = await Promise.all(all.map(async (c) => ({ c, ...(await initialResponse(d, c.interaction, transport === "gateway")) })));
  for (const { c, response, ms } of results) {
    expect(ms, `${c.name}: initial response after ${Math.round(ms)} ms`).toBeLessThan(RESPONSE_DEADLINE_MS);
    expect(response.type, c.name).toBe(c.initial);
    if (c.initial === InteractionResponseType.DeferredChannelMessageWithSource && c.name.startsWith("/") && !c.name.startsWith("/imagine")) {
      // A private answer stays private: its loading state is ephemeral too.
      expect(response.data?.flags, c.name).toBe(MessageFlags.Ephemeral);
    }
  }
  const finished = await Promise.all(all.filter((c) => c.finish).map(async (c) => ({ c, call: await finishingCall(d, c) })));
  for (const { c, call } of finished) {
    if (c.finish!.files !== undefined) expect(call.files, c.name).toHaveLength(c.finish!.files);
    if (c.finish!.ephemeral) expect(call.body?.flags, c.name).toBe(MessageFlags.Ephemeral);
    expect(String(call.body?.content ?? "") + JSON.stringify(call.body?.embeds ?? []), c.name).not.toMatch(/Something went wrong/);
  }
  // Discord refused nothing: no late initial response (10062), no edit before its reply existed.
  expect(d.fake.calls.filter((call) => (call.status ?? 0) >= 400).map((call) => `${call.method} ${call.path} ${call.status}`)).toEqual([]);
  jobs.release();
  delay.ms = 0;
  return d;
}

describe("Platform rule: every Discord interaction gets its initial response within 3 seconds, whatever the store latency", () => {
  let d: DiscordHarness | undefined;
  afterEach(async () => {
    await d?.cleanup();
    d = undefined;
  });

  it(`over HTTP interactions: every command and button with a store that takes ${STORE_DELAY_MS} ms per call`, async () => {
    d = await everyInteractionInTime("http");
  }, 180_000);

  it(`over the gateway: every command and button with a store that takes ${STORE_DELAY_MS} ms per call`, async () => {
    d = await everyInteractionInTime("gateway");
  }, 180_000);
});
