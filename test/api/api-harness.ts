import { createHttpServer } from "../../bots/http/create-http-server.ts";
import { mountApi } from "../../bots/api/mount-api.ts";
import { createWebhookNotifier } from "../../bots/api/webhook-notifier.ts";
import { createApiKey } from "../../core/engine/api-keys.ts";
import type { EngineOptions } from "../../core/engine/engine-options.ts";
import { createLogger } from "../../core/logging/create-logger.ts";
import { engineHarness } from "../support/engine-harness.ts";

export const PUBLIC_URL = "https://pixorly.example";

export interface ApiResponse {
  status: number;
  headers: Headers;
  json: unknown;
}

/**
 * A real engine on SQLite (test/support/engine-harness.ts) behind the product's real HTTP
 * server on 127.0.0.1:0 with the REST API mounted, and the webhook notifier registered.
 * Workers start only when a test calls `h.engine.start()`, so jobs stay queued otherwise.
 */
export async function apiHarness(options: { engine?: Partial<EngineOptions>; webhookAllowHosts?: string[]; webhookServerKey?: string } = {}) {
  const h = await engineHarness(options.engine);
  const logger = createLogger({ level: "silent", format: "json" });
  const http = createHttpServer({ logger, storage: h.storage });
  const webhookServerKey = options.webhookServerKey ?? null;
  mountApi({
    http,
    engine: h.engine,
    store: h.store,
    storage: h.storage,
    logger,
    clock: h.clock,
    publicUrl: () => PUBLIC_URL,
    webhookServerKey,
    webhookAllowHosts: options.webhookAllowHosts,
  });
  h.engine.register(
    createWebhookNotifier({
      store: h.store,
      storage: h.storage,
      logger,
      clock: h.clock,
      serverKey: webhookServerKey,
      allowHosts: options.webhookAllowHosts,
      backoffMs: [20, 20],
      timeoutMs: 2_000,
    }),
  );
  const { port } = await http.listen(0, "127.0.0.1");
  const origin = `http://127.0.0.1:${port}`;

  /** The admin of workspace w1, who creates the keys. */
  const admin = h.actor("admin", "w1", true);

  async function createKey(scopes = "generate,read,write,delete", actor = admin) {
    const created = await createApiKey(h.engine, actor, { name: "test key", scopes });
    if (!created.ok) throw new Error(created.error.message);
    return created.value;
  }

  async function call(
    method: string,
    path: string,
    init: { key?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.key) headers.authorization = `Bearer ${init.key}`;
    const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${origin}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : null };
  }

  return {
    ...h,
    origin,
    admin,
    createKey,
    call,
    async cleanup() {
      await http.close();
      await h.cleanup();
    },
  };
}

export type ApiHarness = Awaited<ReturnType<typeof apiHarness>>;

/** The `{error:{code}}` of a response, to assert on without repeating its shape. */
export function errorCode(response: ApiResponse): string | undefined {
  return (response.json as { error?: { code?: string } } | null)?.error?.code;
}
