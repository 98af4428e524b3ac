import { webApi } from "@slack/bolt";
import type { Installations } from "../../core/engine/installations.ts";
import type { WebClient } from "./slack-context.ts";

const MAX_CLIENTS = 1_000;

/** Finds the Web API client holding a team's bot token, for code outside Bolt's listeners (the notifier). */
export type ClientFor = (teamId: string, enterpriseId: string | null) => Promise<WebClient | null>;

/** Single-workspace token mode: the app's own client, whatever the team. */
export const singleWorkspaceClient =
  (client: WebClient): ClientFor =>
  async () =>
    client;

/**
 * OAuth mode: the team's installation, looked up on each call (an uninstall takes effect at
 * once). Clients are kept per token because each one holds its own rate-limit queue: two
 * clients for one token would each ignore the other's `ratelimited` pause.
 */
export function installedClients(installations: Installations, options: webApi.WebClientOptions): ClientFor {
  const clients = new Map<string, WebClient>();
  return async (teamId, enterpriseId) => {
    const installed = await installations.find({ platform: "slack", teamId, enterpriseId });
    if (!installed) return null;
    let client = clients.get(installed.botToken);
    if (!client) {
      if (clients.size >= MAX_CLIENTS) clients.delete(clients.keys().next().value!);
      client = new webApi.WebClient(installed.botToken, { ...options, teamId });
      clients.set(installed.botToken, client);
    }
    return client;
  };
}
