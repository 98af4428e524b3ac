import type { IncomingMessage } from "node:http";

/**
 * The request path exactly as the client sent it, without the query string. Never decoded or
 * normalised: "/images/%2e%2e/x" stays as it is, so a route sees the bytes it must judge
 * instead of a path some parser has already resolved.
 */
export function requestPath(req: IncomingMessage): string {
  const url = req.url ?? "";
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}
