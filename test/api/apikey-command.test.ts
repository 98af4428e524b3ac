import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { handleConsoleLine } from "../../bots/console/handle-console-line.ts";
import { apiKeyCommand } from "../../core/commands/api-key-command.ts";
import { authenticateApiKey, MAX_ACTIVE_KEYS } from "../../core/engine/api-keys.ts";
import { engineHarness, type EngineHarness } from "../support/engine-harness.ts";

const KEY = /pxl_[0-9a-f]{8}_[0-9a-f]{48}/g;

describe("/apikey", () => {
  let h: EngineHarness;
  beforeEach(async () => {
    h = await engineHarness();
  });
  afterEach(() => h.cleanup());

  it("creates a key in the console, shows it once, lists it by prefix and revokes it", async () => {
    const out: string[] = [];
    const ctx = { engine: h.engine, storage: h.storage, write: (t: string) => out.push(t), track: () => {} };

    await handleConsoleLine(ctx, "/apikey create --name CI bot --scopes read, generate");
    const created = out.join("");
    const [rawKey, ...others] = created.match(KEY) ?? [];
    expect(others).toEqual([]);
    expect(created).toContain('API key "CI bot" created: scopes generate, read, 60 requests a minute.');
    const key = await authenticateApiKey(h.store, rawKey!);
    expect(key).toMatchObject({ name: "CI bot", scopes: ["generate", "read"], rateLimitPerMinute: 60 });

    out.length = 0;
    await handleConsoleLine(ctx, "/apikey list");
    expect(out.join("")).toContain(`${key!.prefix}  "CI bot"  generate, read · never used`);
    expect(out.join("")).not.toMatch(KEY);

    out.length = 0;
    await handleConsoleLine(ctx, `/apikey revoke --id ${key!.prefix}`);
    expect(out.join("")).toBe(`Revoked API key ${key!.prefix} ("CI bot"). Requests with it are now refused.\n`);
    expect(await authenticateApiKey(h.store, rawKey!)).toBeNull();

    out.length = 0;
    await handleConsoleLine(ctx, "/apikey list");
    expect(out.join("")).toBe("No active API keys. Create one with /apikey create --name <name> [--scopes generate,read]\n1 revoked key not shown.\n");
  });

  it("is for admins only", async () => {
    const member = h.actor("someone", "w1", false);
    for (const action of ["create", "list", "revoke"]) {
      expect(await apiKeyCommand(h.engine, member, { action, name: "x", id: "key_x" })).toBe("Only workspace admins can manage API keys.");
    }
  });

  it("explains what is missing or wrong", async () => {
    const admin = h.actor("admin", "w1", true);
    expect(await apiKeyCommand(h.engine, admin, { action: "create" })).toBe("Give the key a name, e.g. the system that will use it.");
    expect(await apiKeyCommand(h.engine, admin, { action: "create", name: "x", scopes: "admin" })).toMatch(/^Unknown scope "admin"/);
    expect(await apiKeyCommand(h.engine, admin, { action: "create", name: "x".repeat(65) })).toBe("A key name is at most 64 characters.");
    expect(await apiKeyCommand(h.engine, admin, { action: "revoke" })).toMatch(/^Name the key to revoke/);
    expect(await apiKeyCommand(h.engine, admin, { action: "revoke", id: "pxl_00000000" })).toMatch(/^No active API key "pxl_00000000"/);
    // Another workspace's key cannot be named either.
    const elsewhere = await apiKeyCommand(h.engine, h.actor("admin2", "w2", true), { action: "create", name: "theirs" });
    const prefix = /pxl_[0-9a-f]{8}/.exec(elsewhere)![0];
    expect(await apiKeyCommand(h.engine, admin, { action: "revoke", id: prefix })).toMatch(/^No active API key/);
  });

  it(`keeps at most ${MAX_ACTIVE_KEYS} active keys per workspace`, async () => {
    const admin = h.actor("admin", "w1", true);
    for (let i = 0; i < MAX_ACTIVE_KEYS; i++) expect(await apiKeyCommand(h.engine, admin, { action: "create", name: `k${i}` })).toMatch(/created/);
    expect(await apiKeyCommand(h.engine, admin, { action: "create", name: "one more" })).toMatch(/already has 25 active API keys/);
  });
});
