// @vitest-environment edge-runtime
import { Webhook } from "svix";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { PLANS } from "../../core/domain/plans.ts";
import { makeConvex, makeConvexStore, type TestConvex } from "./harness.ts";

// svix secrets are "whsec_" + base64 key bytes.
const SECRET = `whsec_${Buffer.from("clerk-webhook-test-key-32-bytes!").toString("base64")}`;
let t: TestConvex;

function userEvent(type: string, data: Record<string, unknown>) {
  return JSON.stringify({ type, object: "event", data });
}

const alice = {
  id: "user_alice",
  first_name: "Alice",
  last_name: "Liddell",
  image_url: "https://img.example/alice.png",
  primary_email_address_id: "idn_2",
  email_addresses: [
    { id: "idn_1", email_address: "old@example.com" },
    { id: "idn_2", email_address: "alice@example.com" },
  ],
};

function post(body: string, headers: Record<string, string>) {
  return t.fetch("/clerk-webhook", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
}

function signed(body: string, secret = SECRET, at = new Date()) {
  const id = `msg_${Math.random().toString(36).slice(2)}`;
  return post(body, { "svix-id": id, "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": new Webhook(secret).sign(id, at, body) });
}

const users = () => t.run((ctx) => ctx.db.query("users").collect());

beforeEach(() => {
  process.env.CLERK_WEBHOOK_SECRET = SECRET;
  t = makeConvex();
});
afterEach(() => {
  delete process.env.CLERK_WEBHOOK_SECRET;
});

describe("POST /clerk-webhook", () => {
  test("user.created makes the user, its identity and its own FREE workspace with the plan's grant", async () => {
    expect((await signed(userEvent("user.created", alice))).status).toBe(200);
    const [user] = await users();
    expect(user).toMatchObject({ clerkId: "user_alice", email: "alice@example.com", displayName: "Alice Liddell", plan: "FREE" });

    const store = makeConvexStore(t);
    expect((await store.workspaces.findUserByIdentity("clerk", "user_alice"))?.id).toBe(user!.appId);
    const workspace = await store.workspaces.findByExternal("clerk", "user_alice");
    expect(workspace).toMatchObject({ plan: "FREE", balance: PLANS.FREE.monthlyCredits });
    expect((await store.workspaces.getMember(workspace!.id, user!.appId))?.role).toBe("admin");
  });

  test("redelivery and user.updated change the profile, not the account", async () => {
    await signed(userEvent("user.created", alice));
    await signed(userEvent("user.created", alice));
    await signed(userEvent("user.updated", { ...alice, first_name: "Al", email_addresses: [{ id: "idn_2", email_address: "al@example.com" }] }));
    const all = await users();
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ email: "al@example.com", displayName: "Al Liddell" });
    expect(await t.run((ctx) => ctx.db.query("workspaces").collect())).toHaveLength(1);
  });

  test.each([
    ["a forged signature", (body: string) => signed(body, `whsec_${Buffer.from("some-other-key-of-32-bytes-long!").toString("base64")}`)],
    ["no signature headers", (body: string) => post(body, {})],
    ["a stale timestamp", (body: string) => signed(body, SECRET, new Date(Date.now() - 60 * 60_000))],
    ["a body changed after signing", async (body: string) => {
      const at = new Date();
      const headers = { "svix-id": "msg_1", "svix-timestamp": String(Math.floor(at.getTime() / 1000)), "svix-signature": new Webhook(SECRET).sign("msg_1", at, body) };
      return post(body.replace("Alice", "Mallory"), headers);
    }],
  ])("%s gets 400 and changes nothing", async (_case, send) => {
    const response = await send(userEvent("user.created", alice));
    expect(response.status).toBe(400);
    expect(await users()).toEqual([]);
  });

  test("user.deleted removes the person's data and keeps an anonymous row for history", async () => {
    await signed(userEvent("user.created", alice));
    const store = makeConvexStore(t);
    const [user] = await users();
    const workspace = (await store.workspaces.findByExternal("clerk", "user_alice"))!;
    await store.apiKeys.create({ id: "key_1", workspaceId: workspace.id, userId: user!.appId, name: "ci", prefix: "pk_1", keyHash: "h1", scopes: ["read"], rateLimitPerMinute: 60, createdAt: 1 });

    expect((await signed(userEvent("user.deleted", { id: "user_alice", deleted: true }))).status).toBe(200);
    const [after] = await users();
    expect(after).toMatchObject({ appId: user!.appId, clerkId: null, email: null, displayName: null, imageUrl: null, preferences: {} });
    expect(await t.run((ctx) => ctx.db.query("identities").collect())).toEqual([]);
    expect(await store.apiKeys.findByHash("h1")).toBeNull();
    expect((await store.workspaces.get(workspace.id))?.active).toBe(false);
  });

  test("other event types are acknowledged and ignored", async () => {
    expect((await signed(userEvent("session.created", { id: "sess_1" }))).status).toBe(200);
    expect(await users()).toEqual([]);
  });
});
