import type { ApiKey } from "../ports/store.ts";
import type { CreatedApiKey } from "../engine/api-keys.ts";
import { plural } from "./plural.ts";

/** /apikey's answers, worded once for every front end (all of them answer privately). */

const when = (at: number) => `${new Date(at).toISOString().slice(0, 16).replace("T", " ")} UTC`;

export function createdApiKeyText({ key, rawKey }: CreatedApiKey): string {
  return [
    `API key "${key.name}" created: scopes ${key.scopes.join(", ")}, ${key.rateLimitPerMinute} requests a minute.`,
    "Copy it now, it is shown only this once:",
    rawKey,
    "Send it as `Authorization: Bearer <key>` to this server's /api/v1.",
    `Revoke it with /apikey revoke --id ${key.prefix}`,
  ].join("\n");
}

export function apiKeyListText(keys: readonly ApiKey[]): string {
  const active = keys.filter((k) => k.revokedAt === null);
  const revoked = keys.length - active.length;
  const lines = active.length
    ? [`API keys (${active.length} active):`, ...active.map(keyLine)]
    : ["No active API keys. Create one with /apikey create --name <name> [--scopes generate,read]"];
  if (revoked) lines.push(`${plural(revoked, "revoked key")} not shown.`);
  return lines.join("\n");
}

export function revokedApiKeyText(key: ApiKey): string {
  return `Revoked API key ${key.prefix} ("${key.name}"). Requests with it are now refused.`;
}

function keyLine(key: ApiKey): string {
  const used = key.lastUsedAt === null ? "never used" : `${plural(key.requestCount, "request")}, last ${when(key.lastUsedAt)}`;
  return `  ${key.prefix}  "${key.name}"  ${key.scopes.join(", ")} · ${used} · created ${when(key.createdAt)}`;
}
