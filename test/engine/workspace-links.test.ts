import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { linkCommand, unlinkCommand } from "../../core/commands/link-command.ts";
import { creditsText } from "../../core/commands/render-text.ts";
import type { GenerationRequest } from "../../core/domain/generation-request.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { issueLinkCode, redeemLinkCode } from "../../core/engine/workspace-links.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

/** #19 part 3 through the engine: one team, one pool, both platforms. */
describe("workspace links through the engine", () => {
  let h: EngineHarness;
  const discord = (user = "d-admin", admin = true): Actor => ({
    platform: "discord",
    workspaceExternalId: "G1",
    workspaceName: "Guild",
    userExternalId: user,
    userName: user,
    platformAdmin: admin,
  });
  const slack = (user = "T1/U-admin", admin = true): Actor => ({
    platform: "slack",
    workspaceExternalId: "T1",
    workspaceName: "Acme",
    userExternalId: user,
    userName: user,
    platformAdmin: admin,
  });
  /** A job a Slack member (not an admin) starts in channel C1; it must be accepted. */
  const memberJobOnSlack = async (request: GenerationRequest) => {
    const submitted = await h.engine.submit({ actor: slack("T1/U-member", false), source: "slack", idempotencyKey: null, channelKey: "slack:T1/C1", replyTarget: null, request });
    if (!submitted.ok) throw new Error(submitted.error.message);
    return submitted.value.job;
  };
  const codeIn = (text: string) => /Link code: ([A-Z0-9]{5}-[A-Z0-9]{5})/.exec(text)![1]!;
  const everything = async () => {
    const ids = [(await h.engine.resolve(discord())).workspace.id, (await h.engine.resolve(slack())).workspace.id];
    return Promise.all(ids.map(async (id) => ({ ws: await h.store.workspaces.get(id), ledger: await h.store.credits.list(id, 100), links: await h.store.links.list() })));
  };

  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  it("a non-admin can neither ask for a code nor enter one, and nothing changes", async () => {
    const before = await everything();
    expect(await linkCommand(h.engine, discord("d-member", false), {})).toBe("Only workspace admins can link or unlink workspaces.");
    const code = codeIn(await linkCommand(h.engine, discord(), {}));
    const afterCode = await everything();
    expect(await linkCommand(h.engine, slack("T1/U-member", false), { code })).toBe("Only workspace admins can link or unlink workspaces.");
    expect(await unlinkCommand(h.engine, slack("T1/U-member", false), { confirm: true }, "/unlink --confirm")).toBe(
      "Only workspace admins can link or unlink workspaces.",
    );
    expect(await everything()).toEqual(afterCode);
    expect(afterCode.map((s) => s.ledger)).toEqual(before.map((s) => s.ledger));
    // The code still works for an admin.
    expect(await linkCommand(h.engine, slack(), { code })).toMatch(/^Linked: Slack workspace "Acme" and Discord server "Guild" now share one credit pool/);
  });

  it("a code is typed without regard to case, spaces or dashes, expires after 10 minutes and works once", async () => {
    const issued = await issueLinkCode(h.engine, discord());
    if (!issued.ok) throw new Error(issued.error.message);
    expect(issued.value.code).toMatch(/^[A-HJKMNP-TV-Z2-9]{5}-[A-HJKMNP-TV-Z2-9]{5}$/);
    expect(issued.value.expiresAt - h.clock.now()).toBe(10 * 60_000);
    h.clock.advance(10 * 60_000);
    expect(await redeemLinkCode(h.engine, slack(), issued.value.code)).toMatchObject({ ok: false, error: { code: "LINK_CODE_EXPIRED" } });

    const fresh = await issueLinkCode(h.engine, discord());
    if (!fresh.ok) throw new Error(fresh.error.message);
    const typed = ` ${fresh.value.code.toLowerCase().replace("-", " ")} `;
    expect(await redeemLinkCode(h.engine, slack(), typed)).toMatchObject({ ok: true, value: { side: "joiner" } });
    expect(await redeemLinkCode(h.engine, slack(), fresh.value.code)).toMatchObject({ ok: false, error: { code: "LINK_CODE_USED" } });
    expect(await linkCommand(h.engine, slack(), { code: "not a code" })).toMatch(/not one Pixorly issued/);
  });

  it("a job submitted from the Slack side is charged to the pool and /show finds it from the Discord side", async () => {
    const code = codeIn(await linkCommand(h.engine, discord(), {}));
    await linkCommand(h.engine, slack(), { code });
    const guild = (await h.engine.resolve(discord())).workspace;
    const team = (await h.engine.resolve(slack())).workspace;
    expect(guild.balance).toBe(20); // both FREE plans' 10 welcome credits
    expect(team.balance).toBe(0);

    const job = await memberJobOnSlack({ prompt: "a lighthouse seen from Slack", count: 2 });
    expect(job.workspaceId).toBe(team.id);
    expect((await h.store.workspaces.get(guild.id))!.balance).toBe(20 - job.creditsCharged);
    expect((await h.store.workspaces.get(team.id))!.balance).toBe(0);
    for (const id of [guild.id, team.id]) expect(await h.store.credits.ledgerSum(id)).toBe((await h.store.workspaces.get(id))!.balance);

    const seen = await h.engine.view(discord("d-member", false), job.id, { acrossLink: true });
    expect(seen).toMatchObject({ ok: true, value: { job: { id: job.id, prompt: "a lighthouse seen from Slack" } } });
    // Only a person's /show crosses the link: the REST API's view (no acrossLink) answers for its own workspace only.
    expect(await h.engine.view(discord("d-member", false), job.id)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // Acting on it stays on its own side.
    expect(await h.engine.cancel(discord(), job.id)).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
    // An unlinked workspace still hears that there is no such job.
    expect(await h.engine.view({ ...discord(), workspaceExternalId: "G2" }, job.id, { acrossLink: true })).toMatchObject({ ok: false, error: { code: "NOT_FOUND" } });
  });

  it("a private job stays private across a link, even to the other side's admins", async () => {
    await linkCommand(h.engine, slack(), { code: codeIn(await linkCommand(h.engine, discord(), {})) });
    const job = await memberJobOnSlack({ prompt: "a secret sketch", private: true });
    expect(await h.engine.view(discord(), job.id, { acrossLink: true })).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await h.engine.view(slack(), job.id)).toMatchObject({ ok: true });
  });

  it("/credits on either side shows the pool's balance and which side spent what", async () => {
    await linkCommand(h.engine, slack(), { code: codeIn(await linkCommand(h.engine, discord(), {})) });
    const fromSlack = await h.engine.submit({
      actor: slack(),
      source: "slack",
      idempotencyKey: null,
      channelKey: "slack:T1/C1",
      replyTarget: null,
      request: { prompt: "three from slack", count: 3 },
    });
    expect(fromSlack.ok).toBe(true);
    const slackSide = await h.engine.credits(slack());
    const discordSide = await h.engine.credits(discord());
    expect(slackSide.pool).toMatchObject({ side: "joiner", balance: 17, partner: 'Discord server "Guild"' });
    expect(discordSide.pool).toMatchObject({ side: "owner", balance: 17, partner: 'Slack workspace "Acme"' });
    const text = creditsText(discordSide);
    expect(text).toContain('Guild: FREE plan, 17 credits left in the pool shared with Slack workspace "Acme"');
    expect(text).toContain('  Discord server "Guild": 0 credits spent');
    expect(text).toContain('  Slack workspace "Acme": 3 credits spent');
    // Admins read the pool's ledger from either side.
    expect(slackSide.ledger?.[0]).toMatchObject({ amount: -3, reason: expect.stringContaining('(Slack workspace "Acme")') });
  });

  it("/unlink without confirmation changes nothing and says what each side would keep; confirmed, it splits and says so", async () => {
    await linkCommand(h.engine, slack(), { code: codeIn(await linkCommand(h.engine, discord(), {})) });
    await h.engine.submit({
      actor: slack(),
      source: "slack",
      idempotencyKey: null,
      channelKey: "slack:T1/C1",
      replyTarget: null,
      request: { prompt: "four from slack", count: 4 },
    });
    const before = await everything();
    const preview = await unlinkCommand(h.engine, discord(), {}, "/unlink --confirm");
    expect(preview).toContain('Unlinking now would leave Discord server "Guild" 10 credits, Slack workspace "Acme" 6 credits.');
    expect(preview).toContain("To end the link: /unlink --confirm");
    expect(await everything()).toEqual(before);
    expect(await unlinkCommand(h.engine, slack(), { confirm: true }, "/unlink --confirm")).toBe(
      'Unlinked: Discord server "Guild" and Slack workspace "Acme" have their own credits again. Kept: Discord server "Guild" 10 credits, Slack workspace "Acme" 6 credits. Credits already spent stay spent.',
    );
    const [guild, team] = await everything();
    expect([guild!.ws!.balance, team!.ws!.balance]).toEqual([10, 6]);
    expect(await unlinkCommand(h.engine, slack(), { confirm: true }, "/unlink --confirm")).toBe("This workspace does not share a credit pool. /link starts one.");
  });
});
