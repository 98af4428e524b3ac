import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { HttpError } from "./http-error.ts";
import { payloadTooLarge } from "./read-raw-body.ts";
import { requestPath } from "./request-path.ts";
import { type RequestHandler, RouteTable } from "./route-table.ts";
import { createImageHandler, IMAGES_PREFIX } from "./serve-image.ts";
import { sendError, sendJson } from "./send-json.ts";
import type { HealthReport } from "./health-check.ts";

export interface HttpServerOptions {
  logger: Logger;
  storage: ObjectStorage;
  /**
   * The largest request body any route accepts (default 1 MiB; interactions and events are a
   * few KB). Bodies announced as larger get a 413 before a handler runs; handlers pass it to
   * readRawBody for bodies sent without a length.
   */
  maxBodyBytes?: number;
  /** Asked by GET /healthz: "unavailable" or a throw answers 503, so a load balancer stops routing here. */
  healthCheck?: () => HealthReport | Promise<HealthReport>;
  /** How long close() lets in-flight requests finish before cutting their connections. */
  closeGraceMs?: number;
}

export interface HttpServer {
  readonly maxBodyBytes: number;
  /** One method on one exact path; a GET route also answers HEAD. Other methods get a 405. */
  mount(method: string, path: string, handler: RequestHandler): void;
  /** Every method on `prefix` and below it ("/c" takes "/c/<token>", not "/cats"). */
  mountPrefix(prefix: string, handler: RequestHandler): void;
  /** Port 0 picks a free port; the port actually bound is returned. */
  listen(port: number, host: string): Promise<{ port: number }>;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_CLOSE_GRACE_MS = 3_000;
/** Unmatched paths are logged, but an arbitrary client must not write arbitrarily long lines. */
const MAX_LOGGED_PATH = 200;

/** The product's one HTTP server: /healthz and /images here, everything else mounted by edges. */
export function createHttpServer(options: HttpServerOptions): HttpServer {
  const log = options.logger.child({ component: "http" });
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const routes = new RouteTable();
  const inFlight = new Set<ServerResponse>();
  let closing: Promise<void> | null = null;

  routes.mount("GET", "/healthz", async (_req, res) => {
    const report = await healthReport(options.healthCheck, log);
    sendJson(res, report.status === "unavailable" ? 503 : 200, report);
  });
  routes.mountPrefix(IMAGES_PREFIX, createImageHandler(options.storage));

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const method = req.method ?? "GET";
    const path = requestPath(req);
    const match = routes.match(method, path);
    const logged = match.kind === "handler" ? match.route : path.slice(0, MAX_LOGGED_PATH);

    inFlight.add(res);
    res.on("close", () => {
      inFlight.delete(res);
      const ms = Math.round((performance.now() - started) * 10) / 10;
      log.debug({ method, path: logged, status: res.statusCode, ms, ...(res.writableFinished ? {} : { aborted: true }) }, "request");
    });
    if (closing) res.setHeader("connection", "close");

    try {
      if (match.kind === "not-found") return sendError(res, 404, "NOT_FOUND", "not found");
      if (match.kind === "method-not-allowed") {
        return sendError(res, 405, "METHOD_NOT_ALLOWED", "method not allowed", { allow: match.allow.join(", ") });
      }
      if (Number(req.headers["content-length"] ?? 0) > maxBodyBytes) throw payloadTooLarge(maxBodyBytes);
      await match.handler(req, res);
    } catch (error) {
      respondWithError(res, error, { method, path: logged }, log);
    }
  };

  const server = createServer((req, res) => void handle(req, res));

  return {
    maxBodyBytes,
    mount: (method, path, handler) => routes.mount(method, path, handler),
    mountPrefix: (prefix, handler) => routes.mountPrefix(prefix, handler),

    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => {
          server.off("error", reject);
          resolve({ port: (server.address() as AddressInfo).port });
        });
      });
    },

    close() {
      closing ??= new Promise<void>((resolve) => {
        const cutOff = setTimeout(() => server.closeAllConnections(), options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
        // Called once every connection is gone; an error here only means it was not listening.
        server.close(() => {
          clearTimeout(cutOff);
          resolve();
        });
        // Keep-alive connections would otherwise stay open until their idle timeout: idle ones
        // go now, busy ones are told to close after their current response.
        server.closeIdleConnections();
        for (const res of inFlight) if (!res.headersSent) res.setHeader("connection", "close");
      });
      return closing;
    },
  };
}

async function healthReport(check: HttpServerOptions["healthCheck"], log: Logger): Promise<HealthReport> {
  if (!check) return { status: "ok", checks: {} };
  try {
    return await check();
  } catch (error) {
    log.warn({ err: error }, "health check failed");
    return { status: "unavailable", checks: {} };
  }
}

function respondWithError(res: ServerResponse, error: unknown, request: { method: string; path: string }, log: Logger): void {
  if (!(error instanceof HttpError)) log.error({ err: error, ...request }, "request handler failed");
  if (res.headersSent) {
    // The status is already on the wire; cutting the connection is the only way left to tell
    // the client the response is incomplete.
    res.destroy();
    return;
  }
  if (error instanceof HttpError) {
    // After a 413 the client may still be sending; closing saves reading a body we refused.
    sendError(res, error.status, error.code, error.message, error.status === 413 ? { connection: "close" } : {});
    return;
  }
  sendError(res, 500, "INTERNAL", "internal error");
}
