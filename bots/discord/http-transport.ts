import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIInteraction } from "discord.js";
import { HttpError } from "../http/http-error.ts";
import { readRawBody } from "../http/read-raw-body.ts";
import { sendJson } from "../http/send-json.ts";
import type { AckGate } from "./ack-gate.ts";
import type { DiscordContext } from "./discord-context.ts";
import type { InteractionReply } from "./interaction-reply.ts";
import { routeInteraction } from "./interaction-router.ts";
import { createSignatureVerifier } from "./verify-signature.ts";

export const INTERACTIONS_PATH = "/discord/interactions";

/** Interactions are a few KB; a button press carries its whole message, still far below this. */
const MAX_INTERACTION_BYTES = 128 * 1024;

/**
 * A signed request is only good for this long either side of now: a captured request replayed
 * later (or one stamped ahead to outlive the window) is refused even though its signature is
 * valid. Five minutes, as Slack does, is ample for clock skew and Discord's retries.
 */
export const MAX_TIMESTAMP_SKEW_MS = 5 * 60_000;

export interface HttpTransportOptions {
  ctx: DiscordContext;
  acks: AckGate;
  publicKey: string;
  maxBodyBytes?: number;
  /** Wall-clock time for the timestamp window (Discord stamps with real time, not the engine's clock). */
  wallClock?: () => number;
}

/**
 * POST /discord/interactions. Nothing reaches the engine before the signature is checked:
 * missing headers and bad signatures get a 401, oversized bodies a 413, and a body that is not
 * an interaction a 400. The response is the interaction response itself; work that must follow
 * it (edits, uploads) starts once it is sent.
 */
export function createHttpTransport(options: HttpTransportOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { ctx, acks } = options;
  const verifySignature = createSignatureVerifier(options.publicKey);
  const limit = options.maxBodyBytes ?? MAX_INTERACTION_BYTES;
  const wallClock = options.wallClock ?? Date.now;

  return async (req, res) => {
    const signature = req.headers["x-signature-ed25519"];
    const timestamp = req.headers["x-signature-timestamp"];
    if (typeof signature !== "string" || typeof timestamp !== "string") {
      throw new HttpError(401, "SIGNATURE_MISSING", "x-signature-ed25519 and x-signature-timestamp are required");
    }
    // Checked before the signature: refusing a stale request costs no Ed25519 verification.
    if (!isFresh(timestamp, wallClock())) {
      throw new HttpError(401, "SIGNATURE_STALE", "x-signature-timestamp is more than 5 minutes from now");
    }
    const body = await readRawBody(req, limit);
    if (!(await verifySignature(signature, timestamp, body))) throw new HttpError(401, "SIGNATURE_INVALID", "invalid request signature");
    // The check ran on the thread pool: a client that hung up meanwhile gets nothing done for it
    // (no charge, and no ack gate opened that no "close" would ever release).
    if (res.destroyed) return;
    const interaction = parseInteraction(body);

    acks.open(interaction.id);
    let answered: InteractionReply | null = null;
    // Listening before the engine is called: a connection Discord drops meanwhile still
    // releases the gate.
    res.once("close", () => {
      acks.acked(interaction.id);
      // An aborted response never reached Discord, so there is no reply to edit.
      if (!res.writableFinished || !answered?.after) return;
      answered.after().catch((error: unknown) =>
        ctx.logger.warn({ err: error, interactionId: interaction.id }, "finishing a Discord interaction reply failed"),
      );
    });
    answered = await routeInteraction(ctx, interaction);
    sendJson(res, 200, answered.response);
  };
}

/** Discord sends Unix seconds; anything else (or outside the window either way) is refused. */
function isFresh(timestamp: string, nowMs: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  return Math.abs(Number(timestamp) * 1000 - nowMs) <= MAX_TIMESTAMP_SKEW_MS;
}

function parseInteraction(body: Buffer): APIInteraction {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new HttpError(400, "INVALID_JSON", "the body is not JSON", { cause: error });
  }
  const v = value as Partial<Record<"id" | "token" | "application_id" | "type", unknown>> | null;
  if (!v || typeof v !== "object" || typeof v.type !== "number" || typeof v.id !== "string" || typeof v.token !== "string" || typeof v.application_id !== "string") {
    throw new HttpError(400, "INVALID_INTERACTION", "the body is not a Discord interaction");
  }
  return value as APIInteraction;
}
