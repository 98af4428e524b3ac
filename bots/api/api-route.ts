import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";
import type { z } from "zod";
import type { Rejection } from "../../core/domain/rejections.ts";
import type { Result } from "../../core/domain/result.ts";
import type { Actor } from "../../core/engine/actor.ts";
import type { ApiKey, ApiKeyScope } from "../../core/ports/store.ts";

export const API_PREFIX = "/api/v1";

/** What a handler gets once the router has authenticated, rate-limited and validated. */
export interface RouteInput<B, Q> {
  key: ApiKey;
  actor: Actor;
  params: Record<string, string>;
  body: B;
  query: Q;
  headers: IncomingHttpHeaders;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: OutgoingHttpHeaders;
}

/**
 * One endpoint: what the router needs to serve it and what the OpenAPI document says about it,
 * in one place, so the document cannot drift from what is served.
 */
export interface ApiRoute<B = unknown, Q = unknown> {
  method: "GET" | "POST" | "DELETE";
  /** Below API_PREFIX, OpenAPI style: "/generations/{id}". Parameters match one id-like segment. */
  path: string;
  operationId: string;
  summary: string;
  scope: ApiKeyScope;
  body?: z.ZodType<B>;
  query?: z.ZodType<Q>;
  /** Request headers the route reads, for the document. */
  headers?: readonly { name: string; description: string }[];
  response: { status: number; schema: z.ZodType; description: string };
  /** Statuses the route itself can answer with, besides the ones every route can (401, 403, 429). */
  errors: readonly number[];
  handle(input: RouteInput<B, Q>): Promise<Result<ApiReply, Rejection>>;
}

/** Keeps each route's body and query types tied to its handler while the table holds them all. */
export function defineRoute<B = undefined, Q = undefined>(route: ApiRoute<B, Q>): ApiRoute {
  return route;
}

const PARAM_VALUE = /^[A-Za-z0-9_-]{1,100}$/;

export type RouteMatch =
  | { kind: "route"; route: ApiRoute; params: Record<string, string> }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

/** Paths are compared as sent; a parameter is one id-like segment, so nothing needs decoding. */
export function matchRoute(routes: readonly ApiRoute[], method: string, path: string): RouteMatch {
  const segments = path.split("/");
  const allow: string[] = [];
  for (const route of routes) {
    const params = matchPath(route.path.split("/"), segments);
    if (!params) continue;
    if (route.method === method) return { kind: "route", route, params };
    allow.push(route.method);
  }
  return allow.length ? { kind: "method-not-allowed", allow } : { kind: "not-found" };
}

function matchPath(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of pattern.entries()) {
    const segment = segments[i]!;
    const name = /^\{(\w+)\}$/.exec(part)?.[1];
    if (name) {
      if (!PARAM_VALUE.test(segment)) return null;
      params[name] = segment;
    } else if (part !== segment) {
      return null;
    }
  }
  return params;
}
