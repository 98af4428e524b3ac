import { afterEach, describe, expect, it } from "vitest";
import { InteractionResponseType, MessageFlags, type APIInteraction } from "discord.js";
import { discordHarness, type DiscordHarness } from "./discord-harness.ts";
import { APP_ID, autocomplete, buttonPress, slashCommand } from "./interactions.ts";

type Body = Record<string, unknown> | undefined;
const buttonIds = (body: Body) => ((body?.components ?? []) as { components: { custom_id: string }[] }[]).flatMap((r) => r.components.map((b) => b.custom_id));
const footer = (body: Body) => (body?.embeds as { footer: { text: string } }[])[0]!.footer.text;

describe("buttons and the other commands", () => {
  let d: DiscordHarness;
  afterEach(async () => d?.cleanup());

  /** Runs /imagine to completion and returns its job id. */
  async function finished(prompt: string, count = 1): Promise<string> {
    const interaction = slashCommand("imagine", { prompt, count });
    await d.send(interaction);
    return footer((await d.finalEdit(interaction)).body ?? undefined);
  }

  it("Details answers privately; Delete is for the requester, and updates the message in place", async () => {
    d = await discordHarness({ transport: "http" });
    const jobId = await finished("a lighthouse at dusk");

    const details = await d.send(buttonPress(`px:details:${jobId}`, { userId: "400000000000000002" }));
    expect(details.data?.flags).toBe(MessageFlags.Ephemeral);
    expect((details.data?.embeds as { description: string }[])[0]!.description).toMatch(/^\*\*Prompt\*\*\na lighthouse at dusk/);

    const forbidden = await d.send(buttonPress(`px:delete:${jobId}`, { userId: "400000000000000002" }));
    expect(forbidden.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/Only the person who asked/) });
    expect(await d.h.store.images.listForJob(jobId)).toHaveLength(1);

    const deleted = await d.send(buttonPress(`px:delete:${jobId}`));
    expect(deleted.type).toBe(InteractionResponseType.UpdateMessage);
    expect(deleted.data).toMatchObject({ content: expect.stringMatching(/The images were deleted/), attachments: [] });
    expect(buttonIds(deleted.data)).toEqual([`px:regenerate:${jobId}`, `px:details:${jobId}`]);
    expect(await d.h.store.images.listForJob(jobId)).toEqual([]);
  });

  it("Cancel and /cancel refund a queued job, and the notifier edits the reply", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const first = slashCommand("imagine", { prompt: "a fox" });
    const queued = await d.send(first);
    const jobId = footer(queued.data);
    expect(buttonIds(queued.data)).toEqual([`px:cancel:${jobId}`]);

    const cancelled = await d.send(buttonPress(`px:cancel:${jobId}`));
    expect(cancelled).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { content: "Cancelled — 1 credit refunded" } });
    await d.finalEdit(first, /^Cancelled/);

    const second = await d.send(slashCommand("imagine", { prompt: "a wolf" }));
    const viaCommand = await d.send(slashCommand("cancel", { job: footer(second.data) }));
    expect(viaCommand.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: "Cancelled — 1 credit refunded" });
    expect((await d.workspace())!.balance).toBe(10);
  });

  it("/collection pages the channel's images with a share link and switches to the member's saved images", async () => {
    d = await discordHarness({ transport: "http" });
    const jobId = await finished("a lighthouse");
    const page = await d.send(slashCommand("collection"));
    expect(page.data?.flags).toBe(MessageFlags.Ephemeral);
    expect(page.data?.content).toMatch(/^\*\*#general\*\* — 1 image\(s\), page 1 of 1\nShare: http:\/\/127\.0\.0\.1:\d+\/c\/\S+/);
    expect(buttonIds(page.data)).toEqual(["px:collection:mine:1"]);

    const empty = await d.send(buttonPress("px:collection:mine:1", {}, MessageFlags.Ephemeral));
    expect(empty.type).toBe(InteractionResponseType.UpdateMessage);
    expect(empty.data?.content).toMatch(/— 0 image\(s\)/);
    await d.send(buttonPress(`px:save:${jobId}`));
    const saved = await d.send(buttonPress("px:collection:mine:1", {}, MessageFlags.Ephemeral));
    expect((saved.data?.embeds as { description: string }[])[0]!.description).toContain(jobId);
  });

  it("/search pages with buttons that carry the query", async () => {
    d = await discordHarness({ transport: "http" });
    // Ten images: all the credits a free workspace has.
    for (const [prompt, count] of [["a lighthouse", 4], ["a lighthouse keeper", 4], ["a red fox", 2]] as const) await finished(prompt, count);
    const first = await d.send(slashCommand("search", { words: "lighthouse" }));
    expect(first.data?.content).toMatch(/^8 image\(s\) match "lighthouse", page 1 of 1/);
    const all = await d.send(slashCommand("search", { words: "a" }));
    expect(all.data?.content).toMatch(/^10 image\(s\) match "a", page 1 of 2/);
    expect(buttonIds(all.data)).toEqual(["px:search:2:a"]);
    const next = await d.send(buttonPress("px:search:2:a"));
    expect(next).toMatchObject({ type: InteractionResponseType.UpdateMessage, data: { content: expect.stringMatching(/page 2 of 2/) } });
    expect(next.data?.embeds).toHaveLength(2);
  });

  it("/show defers, then uploads the image into the private reply; /jobs lists jobs", async () => {
    d = await discordHarness({ transport: "http" });
    const jobId = await finished("a lighthouse");
    const show = slashCommand("show", { job: jobId });
    const deferred = await d.send(show);
    expect(deferred).toEqual({ type: InteractionResponseType.DeferredChannelMessageWithSource, data: { flags: MessageFlags.Ephemeral } });
    const upload = await d.finalEdit(show);
    expect(upload.files).toHaveLength(1);

    const jobs = await d.send(slashCommand("jobs"));
    expect(jobs.data?.content).toBe(`\`${jobId}\` completed — a lighthouse`);
  });

  it("refuses outside a server, autocompletes models, and answers buttons it does not know", async () => {
    d = await discordHarness({ transport: "http", workers: false });
    const dm = slashCommand("imagine", { prompt: "a fox" }) as Partial<APIInteraction>;
    delete dm.guild_id;
    delete dm.member;
    const inDm = await d.send({ ...dm, user: { id: "1", username: "x", discriminator: "0", global_name: null, avatar: null } } as APIInteraction);
    expect(inDm.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/inside a server/) });
    expect(await d.workspace()).toBeNull();

    const models = await d.send(autocomplete("imagine", "model", "loc"));
    expect(models).toMatchObject({ type: InteractionResponseType.ApplicationCommandAutocompleteResult, data: { choices: [{ value: "local" }] } });

    const stale = await d.send(buttonPress("px:teleport:job_1"));
    expect(stale.data).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/no longer works/) });
    expect(d.fake.calls.filter((c) => c.path.startsWith(`/webhooks/${APP_ID}`))).toEqual([]);
  });
});
