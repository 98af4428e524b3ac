import type { Actor } from "../engine/actor.ts";
import { createApiKey, listApiKeys, revokeApiKey } from "../engine/api-keys.ts";
import type { Engine } from "../engine/engine.ts";
import { apiKeyListText, createdApiKeyText, revokedApiKeyText } from "./api-key-text.ts";
import type { OptionValues } from "./parse-text-command.ts";

/**
 * /apikey for every front end: parsed options in, the private answer's text out. A created key
 * appears in that text once and nowhere else, so front ends must send it ephemerally.
 */
export async function apiKeyCommand(engine: Engine, actor: Actor, options: OptionValues): Promise<string> {
  const text = (name: string) => (typeof options[name] === "string" ? (options[name] as string) : undefined);
  switch (options.action) {
    case "create": {
      const created = await createApiKey(engine, actor, { name: text("name") ?? "", scopes: text("scopes") });
      return created.ok ? createdApiKeyText(created.value) : created.error.message;
    }
    case "list": {
      const keys = await listApiKeys(engine, actor);
      return keys.ok ? apiKeyListText(keys.value) : keys.error.message;
    }
    case "revoke": {
      const id = text("id");
      if (!id) return "Name the key to revoke: /apikey revoke --id <id or pxl_ prefix> (/apikey list shows them).";
      const revoked = await revokeApiKey(engine, actor, id);
      return revoked.ok ? revokedApiKeyText(revoked.value) : revoked.error.message;
    }
    default:
      return "Use /apikey create, /apikey list or /apikey revoke.";
  }
}
