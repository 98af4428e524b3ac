import { newId } from "../domain/ids.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import { API_KEY_SCOPES, type ApiKey, type ApiKeyScope, type Store } from "../ports/store.ts";
import type { Actor } from "./actor.ts";
import { hashApiKey, looksLikeApiKey, newKeyMaterial } from "./api-key-material.ts";
import { engineOptions, type Engine } from "./engine.ts";

/** Requests a minute each new key may make (the seed's per-key rate limit configuration). */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 60;
export const DEFAULT_SCOPES: readonly ApiKeyScope[] = ["generate", "read"];
export const KEY_NAME_MAX = 64;
/** Keeps /apikey list readable in one chat message and bounds what a leaked admin account mints. */
export const MAX_ACTIVE_KEYS = 25;

export interface CreatedApiKey {
  key: ApiKey;
  /** The only time the key is seen: the store keeps its hash. */
  rawKey: string;
}

const adminsOnly = () => reject("FORBIDDEN", "Only workspace admins can manage API keys.");

/** Admins create keys for their workspace; the key acts as (and charges like) its creator. */
export async function createApiKey(
  engine: Engine,
  actor: Actor,
  input: { name: string; scopes?: string },
): Promise<Result<CreatedApiKey, Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  const name = keyName(input.name);
  if (!name.ok) return name;
  const scopes = parseScopes(input.scopes);
  if (!scopes.ok) return scopes;
  const { store, clock } = engineOptions(engine);
  const active = (await store.apiKeys.list(resolved.workspace.id)).filter((k) => k.revokedAt === null);
  if (active.length >= MAX_ACTIVE_KEYS) {
    return err(reject("INVALID_REQUEST", `This workspace already has ${MAX_ACTIVE_KEYS} active API keys; revoke one first.`));
  }
  const now = clock.now();
  const { rawKey, prefix, keyHash } = newKeyMaterial();
  const key = await store.apiKeys.create({
    id: newId("key", now),
    workspaceId: resolved.workspace.id,
    userId: resolved.user.id,
    name: name.value,
    prefix,
    keyHash,
    scopes: scopes.value,
    rateLimitPerMinute: DEFAULT_RATE_LIMIT_PER_MINUTE,
    createdAt: now,
  });
  return ok({ key, rawKey });
}

/** Every key of the actor's workspace, revoked ones included, newest first. Admins only. */
export async function listApiKeys(engine: Engine, actor: Actor): Promise<Result<ApiKey[], Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  return ok(await engineOptions(engine).store.apiKeys.list(resolved.workspace.id));
}

/** Revokes an active key of the actor's workspace, named by id or by its "pxl_…" prefix. */
export async function revokeApiKey(engine: Engine, actor: Actor, idOrPrefix: string): Promise<Result<ApiKey, Rejection>> {
  const resolved = await engine.resolve(actor);
  if (!resolved.isAdmin) return err(adminsOnly());
  const wanted = idOrPrefix.trim();
  const { store, clock } = engineOptions(engine);
  const key = (await store.apiKeys.list(resolved.workspace.id)).find((k) => k.revokedAt === null && (k.id === wanted || k.prefix === wanted));
  const now = clock.now();
  if (!key || !(await store.apiKeys.revoke(key.id, now))) {
    return err(reject("NOT_FOUND", `No active API key "${wanted}" in this workspace. /apikey list shows them.`));
  }
  return ok({ ...key, revokedAt: now });
}

/**
 * The active key behind a presented secret, or null. The secret is never compared as a string:
 * it is hashed and the hash looked up, so response time says nothing about how much of a
 * guess was right.
 */
export async function authenticateApiKey(store: Store, rawKey: string): Promise<ApiKey | null> {
  if (!looksLikeApiKey(rawKey)) return null;
  return store.apiKeys.findByHash(hashApiKey(rawKey));
}

function keyName(raw: string): Result<string, Rejection> {
  const name = raw.trim().replace(/\s+/g, " ");
  if (!name) return err(reject("INVALID_REQUEST", "Give the key a name, e.g. the system that will use it."));
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  if (/[\u0000-\u001f\u007f-\u009f]/.test(name)) return err(reject("INVALID_REQUEST", "A key name cannot contain control characters."));
  if ([...name].length > KEY_NAME_MAX) return err(reject("INVALID_REQUEST", `A key name is at most ${KEY_NAME_MAX} characters.`));
  return ok(name);
}

/** "generate, read" -> the scopes, deduplicated in their canonical order; empty or absent -> defaults. */
export function parseScopes(text: string | undefined): Result<ApiKeyScope[], Rejection> {
  const words = (text ?? "").split(/[\s,]+/).map((w) => w.toLowerCase()).filter(Boolean);
  if (words.length === 0) return ok([...DEFAULT_SCOPES]);
  const unknown = words.filter((w) => !(API_KEY_SCOPES as readonly string[]).includes(w));
  if (unknown.length) {
    return err(reject("INVALID_REQUEST", `Unknown scope ${unknown.map((w) => `"${w}"`).join(", ")}. Scopes: ${API_KEY_SCOPES.join(", ")}.`));
  }
  return ok(API_KEY_SCOPES.filter((s) => words.includes(s)));
}
