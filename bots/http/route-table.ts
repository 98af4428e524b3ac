import type { IncomingMessage, ServerResponse } from "node:http";

/** Handlers get the raw node objects: the body is unread, so signature checks can read it raw. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/** `route` is what the request log shows for a matched request. */
export type RouteMatch =
  | { kind: "handler"; handler: RequestHandler; route: string }
  | { kind: "method-not-allowed"; allow: string[] }
  | { kind: "not-found" };

/**
 * Exact routes by method, then prefix routes (longest first) that take every method and
 * everything below them. Paths are compared as sent, never decoded.
 */
export class RouteTable {
  private readonly exact = new Map<string, Map<string, RequestHandler>>();
  private readonly prefixes: { prefix: string; handler: RequestHandler }[] = [];

  mount(method: string, path: string, handler: RequestHandler): void {
    if (!path.startsWith("/")) throw new Error(`route path must start with "/": ${path}`);
    const verb = method.toUpperCase();
    const byMethod = this.exact.get(path) ?? new Map<string, RequestHandler>();
    if (byMethod.has(verb)) throw new Error(`${verb} ${path} is already mounted`);
    byMethod.set(verb, handler);
    this.exact.set(path, byMethod);
  }

  /** `prefix` "/c" serves "/c" and "/c/<anything>", never "/cats". */
  mountPrefix(prefix: string, handler: RequestHandler): void {
    const normalized = prefix.replace(/\/+$/, "");
    if (!normalized.startsWith("/")) throw new Error(`route prefix must start with "/" and name a path below it: ${prefix}`);
    if (this.prefixes.some((p) => p.prefix === normalized)) throw new Error(`prefix ${normalized} is already mounted`);
    this.prefixes.push({ prefix: normalized, handler });
    this.prefixes.sort((a, b) => b.prefix.length - a.prefix.length);
  }

  match(method: string, path: string): RouteMatch {
    const byMethod = this.exact.get(path);
    if (byMethod) {
      // A GET route answers HEAD too; node's response drops the body for HEAD requests.
      const handler = byMethod.get(method) ?? (method === "HEAD" ? byMethod.get("GET") : undefined);
      if (handler) return { kind: "handler", handler, route: path };
      const allow = [...byMethod.keys()];
      if (allow.includes("GET") && !allow.includes("HEAD")) allow.push("HEAD");
      return { kind: "method-not-allowed", allow };
    }
    const mounted = this.prefixes.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
    if (mounted) {
      // Below a prefix live capability tokens (share tokens, unguessable image keys): log the
      // mount point, not the path.
      return { kind: "handler", handler: mounted.handler, route: `${mounted.prefix}/*` };
    }
    return { kind: "not-found" };
  }
}
