import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { linkCommand } from "../../core/commands/link-command.ts";
import type { Actor } from "../../core/engine/actor.ts";
import { createSafeImageFetch } from "../../core/providers/shared/safe-image-fetch.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";
import { encodedImage, startFakeServer } from "../unit/providers/fixtures.ts";

const png = encodedImage("png", 96, 48);
let files: Awaited<ReturnType<typeof startFakeServer>>;
beforeAll(async () => {
  files = await startFakeServer((_request, response) => response.writeHead(200, { "content-type": "image/png" }).end(Buffer.from(png)));
});
afterAll(() => files.close());

/** #19: a workspace that joined a credit pool has 0 credits of its own, so /describe's pre-check must read the pool. */
describe("/describe from a workspace that joined a credit pool", () => {
  let h: EngineHarness;
  const discordAdmin: Actor = { platform: "discord", workspaceExternalId: "G1", workspaceName: "Guild", userExternalId: "d1", userName: "d1", platformAdmin: true };
  const slackAdmin: Actor = { platform: "slack", workspaceExternalId: "T1", workspaceName: "Acme", userExternalId: "T1/U1", userName: "u1", platformAdmin: true };
  beforeEach(async () => {
    h = await engineHarness({ imageFetch: createSafeImageFetch({ allowHosts: [files.host], allowHttp: true }) });
    const code = /Link code: (\S+)/.exec(await linkCommand(h.engine, discordAdmin, {}))![1]!;
    await linkCommand(h.engine, slackAdmin, { code });
  });
  afterEach(() => h.cleanup());

  it("is admitted against the pool and charged to it", async () => {
    const described = await h.engine.describe({ actor: slackAdmin, image: { kind: "url", url: `${files.origin}/photo.png` }, idempotencyKey: "evt-1", source: "slack" });
    if (!described.ok) throw new Error(described.error.message);
    const guild = (await h.engine.resolve(discordAdmin)).workspace;
    const team = (await h.engine.resolve(slackAdmin)).workspace;
    expect([guild.balance, team.balance]).toEqual([20 - described.value.price, 0]);
    for (const ws of [guild, team]) expect(await h.store.credits.ledgerSum(ws.id)).toBe(ws.balance);
  });
});
