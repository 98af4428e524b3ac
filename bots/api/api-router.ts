import type { IncomingMessage, ServerResponse } from "node:http";
import type { z } from "zod";
import { apiKeyActor } from "../../core/engine/api-actor.ts";
import { authenticateApiKey } from "../../core/engine/api-keys.ts";
import type { Engine } from "../../core/engine/engine.ts";
import type { RateLimitStore } from "../../core/ports/rate-limit-store.ts";
import type { FailedAuthThrottle } from "../../core/engine/failed-auth-throttle.ts";
import type { Clock } from "../../core/ports/clock.ts";
import type { Store } from "../../core/ports/store.ts";
import { readRawBody } from "../http/read-raw-body.ts";
import { requestPath } from "../http/request-path.ts";
import type { RequestHandler } from "../http/route-table.ts";
import { sendError, sendJson } from "../http/send-json.ts";
import { API_PREFIX, matchRoute, type ApiRoute } from "./api-route.ts";
import { issueText } from "./issue-text.ts";
import { rejectionStatus } from "./rejection-status.ts";

export interface RouterDeps {
  engine: Engine;
  store: Store;
  clock: Clock;
  buckets: RateLimitStore;
  /** Failed key checks per client address: past the allowance they are answered 429, not 401. */
  failedAuth: FailedAuthThrottle;
  maxBodyBytes: number;
}

/**
 * Everything below /api/v1 but the OpenAPI document. In order: route (404/405), key (401, or
 * 429 once the client's address has failed too often), scope (403), rate (429), then the request is counted on the key and in usage, and the body
 * (413, 400) and query (400) are validated before the route's handler runs.
 */
export function createApiHandler(deps: RouterDeps, routes: readonly ApiRoute[]): RequestHandler {
  return async (req, res) => {
    const method = req.method ?? "GET";
    const path = requestPath(req).slice(API_PREFIX.length);
    const match = matchRoute(routes, method, path);
    if (match.kind === "not-found") {
      return sendError(res, 404, "NOT_FOUND", `No such API route. The routes are listed in ${API_PREFIX}/openapi.json.`);
    }
    if (match.kind === "method-not-allowed") {
      return sendError(res, 405, "METHOD_NOT_ALLOWED", `Use ${match.allow.join(" or ")} here.`, { allow: match.allow.join(", ") });
    }
    const { route } = match;

    const bearer = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer) return failedAuth(req, res, deps, "Send your API key as the header `Authorization: Bearer pxl_…`.");
    const key = await authenticateApiKey(deps.store, bearer);
    const actor = key && (await apiKeyActor(deps.engine, key));
    if (!key || !actor) return failedAuth(req, res, deps, "This API key is not valid, or it was revoked.");
    if (!key.scopes.includes(route.scope)) {
      return sendError(res, 403, "INSUFFICIENT_SCOPE", `This key lacks the "${route.scope}" scope. An admin can create a key with it: /apikey create.`);
    }
    const take = await deps.buckets.take(key.id, key.rateLimitPerMinute, deps.clock.now());
    if (!take.ok) {
      const seconds = Math.max(1, Math.ceil(take.retryAfterMs / 1000));
      return sendError(res, 429, "RATE_LIMITED", `This key may make ${key.rateLimitPerMinute} requests a minute. Retry in ${seconds}s.`, {
        "retry-after": String(seconds),
      });
    }
    await deps.store.apiKeys.touch(key.id, deps.clock.now());

    const body = route.body ? await parseBody(req, route.body, deps.maxBodyBytes) : { ok: true as const, value: undefined };
    if (!body.ok) return sendError(res, 400, body.code, body.message);
    // Only the query string is read from this URL; the base is there to make it parse.
    const search = Object.fromEntries(new URL(req.url ?? "/", "http://localhost").searchParams);
    const query = route.query ? parse(route.query, search, "query") : { ok: true as const, value: undefined };
    if (!query.ok) return sendError(res, 400, query.code, query.message);

    const outcome = await route.handle({ key, actor, params: match.params, body: body.value, query: query.value, headers: req.headers });
    if (outcome.ok) return sendJson(res, outcome.value.status, outcome.value.body, outcome.value.headers);
    const { status, headers } = rejectionStatus(outcome.error, deps.clock.now());
    sendError(res, status, outcome.error.code, outcome.error.message, headers);
  };
}

type Parsed = { ok: true; value: unknown } | { ok: false; code: string; message: string };

async function parseBody(req: IncomingMessage, schema: z.ZodType, limit: number): Promise<Parsed> {
  // Over the limit, readRawBody throws a 413 HttpError, which the HTTP server answers.
  const raw = await readRawBody(req, limit);
  let json: unknown;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    return { ok: false, code: "INVALID_JSON", message: "The request body is not valid JSON." };
  }
  return parse(schema, json, "body");
}

function parse(schema: z.ZodType, input: unknown, what: "body" | "query"): Parsed {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, code: "INVALID_REQUEST", message: `Invalid request: ${issueText(result.error.issues[0]!, what)}.` };
}

/** A failed key check: 401, or 429 with Retry-After once this address has failed too often. */
function failedAuth(req: IncomingMessage, res: ServerResponse, deps: RouterDeps, message: string): void {
  const waitMs = deps.failedAuth.fail(req.socket.remoteAddress ?? "unknown");
  if (waitMs === null) return unauthorized(res, message);
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  sendError(res, 429, "TOO_MANY_FAILED_LOGINS", `Too many requests with a missing or invalid API key from your address. Retry in ${seconds}s.`, {
    "retry-after": String(seconds),
  });
}

function unauthorized(res: ServerResponse, message: string): void {
  sendError(res, 401, "UNAUTHORIZED", message, { "www-authenticate": 'Bearer realm="pixorly"' });
}
