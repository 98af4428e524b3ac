import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { isValidSlackRequest } from "@slack/bolt";
import type { Logger } from "../../core/logging/create-logger.ts";
import { readRawBody } from "../http/read-raw-body.ts";
import type { RequestHandler } from "../http/route-table.ts";
import { checkSlackPayload } from "./slack-payload-schema.ts";

/** Slack's replay window: its docs ask apps to refuse timestamps more than five minutes away. */
export const SLACK_TIMESTAMP_WINDOW_S = 5 * 60;

export interface SlackRequestGuardOptions {
  signingSecret: string;
  maxBodyBytes: number;
  logger: Logger;
  /** Milliseconds since the epoch (tests move it). */
  now?: () => number;
  /**
   * Takes a request that passed every check here (signature, timestamps, shape) without Bolt,
   * or returns null to leave it to Bolt (see directSlashCommand).
   */
  direct?: (body: unknown, res: ServerResponse) => Promise<void> | null;
}

/**
 * In front of Bolt's HTTPReceiver on POST /slack/events, for what Bolt does not check:
 * - a timestamp more than five minutes in the FUTURE (Bolt refuses only old ones): 401;
 * - a correctly signed body whose fields Bolt or our listeners would dereference wrongly
 *   (null `user`, numeric `action_id`...): 400 and a warning, where Bolt would have thrown (500).
 * The body is read once and handed to Bolt as `rawBody`, which Bolt uses instead of the stream;
 * anything else (bad signatures, stale requests, unparsable bodies) is left to Bolt's own answers.
 * A request `direct` takes (/imagine, once every check above passed) never reaches Bolt.
 */
export function slackRequestGuard(bolt: RequestHandler, options: SlackRequestGuardOptions): RequestHandler {
  const now = options.now ?? Date.now;
  return async (req, res) => {
    // A body over the limit rejects with a 413 HttpError, which the server answers.
    const raw = await readRawBody(req, options.maxBodyBytes);
    const timestamp = Number(req.headers["x-slack-request-timestamp"]);
    if (Number.isFinite(timestamp) && timestamp > Math.floor(now() / 1000) + SLACK_TIMESTAMP_WINDOW_S) {
      options.logger.warn({ timestamp }, "refused a Slack request timestamped more than five minutes in the future");
      return refuse(res, 401);
    }
    const text = raw.toString();
    if (signedBySlack(req, text, options.signingSecret)) {
      const body = parseBody(text, req.headers["content-type"]);
      if (body !== undefined && !(typeof body === "object" && body !== null && (body as { ssl_check?: unknown }).ssl_check === "1")) {
        const check = checkSlackPayload(body);
        if (!check.ok) {
          options.logger.warn({ issues: check.issues }, "refused a signed Slack payload of an unexpected shape");
          return refuse(res, 400);
        }
        const handled = options.direct?.(body, res);
        if (handled) return handled;
      }
    }
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    return bolt(req, res);
  };
}

function signedBySlack(req: IncomingMessage, body: string, signingSecret: string): boolean {
  const signature = req.headers["x-slack-signature"];
  const timestamp = Number(req.headers["x-slack-request-timestamp"]);
  if (typeof signature !== "string" || !Number.isFinite(timestamp)) return false;
  return isValidSlackRequest({ signingSecret, body, headers: { "x-slack-signature": signature, "x-slack-request-timestamp": timestamp } });
}

/** As Bolt parses it: a form (with interactivity's JSON in `payload`) or JSON; undefined when it cannot. */
function parseBody(text: string, contentType: string | undefined): unknown {
  try {
    if (contentType === "application/x-www-form-urlencoded") {
      const form = parseQuery(text);
      return typeof form.payload === "string" ? JSON.parse(form.payload) : form;
    }
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function refuse(res: ServerResponse, status: number): void {
  if (!res.headersSent) res.writeHead(status).end();
}
