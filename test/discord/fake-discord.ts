import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIAttachment } from "discord.js";
import { WebSocketServer, type WebSocket } from "ws";
import { componentsViolation, modalViolation } from "./discord-shape-rules.ts";

/** One REST call the bot made, with its JSON body (payload_json for uploads) and files. */
export interface RecordedCall {
  method: string;
  /** Decoded path below /api/v10, e.g. "/webhooks/app/tok/messages/@original". */
  path: string;
  auth: string | null;
  body: Record<string, unknown> | null;
  files: { field: string; name: string; contentType: string; bytes: Buffer }[];
  /** The status the fake answered with, once it has answered. */
  status?: number;
}

/**
 * Stricter than Discord on purpose: Discord accepts a message with no allowed_mentions (and then
 * pings whatever its content mentions), this fake refuses it, so a path that forgets the gate
 * fails its tests. Null when `body` parses no mentions and names no roles.
 */
export function mentionViolation(body: unknown): string | null {
  const allowed = (body as { allowed_mentions?: { parse?: unknown; roles?: unknown; users?: unknown } } | null)?.allowed_mentions;
  if (!allowed) return "message body without allowed_mentions";
  if (!Array.isArray(allowed.parse) || allowed.parse.length > 0) return `allowed_mentions.parse must be [], got ${JSON.stringify(allowed.parse)}`;
  if (allowed.roles !== undefined && (!Array.isArray(allowed.roles) || allowed.roles.length > 0)) return "allowed_mentions.roles must be empty";
  if (allowed.users !== undefined && !Array.isArray(allowed.users)) return "allowed_mentions.users must be an array";
  return null;
}

/**
 * Discord's documented message limits the bot's messages must keep (it answers 50035 Invalid Form
 * Body otherwise): a button's custom_id at most 100 characters, at most 5 buttons per action row
 * and 5 rows, an embed field value at most 1,024 characters, content at most 2,000. Null when
 * `body` keeps them. Checked with mentionViolation wherever a message is sent.
 */
export function limitViolation(body: unknown): string | null {
  const message = body as { content?: unknown; components?: { components?: { custom_id?: unknown }[] }[]; embeds?: { fields?: { value?: unknown }[] }[] } | null;
  if (!message) return null;
  if (typeof message.content === "string" && message.content.length > 2000) return "content longer than 2000";
  const rows = message.components ?? [];
  if (rows.length > 5) return "more than 5 action rows";
  for (const row of rows) {
    if ((row.components ?? []).length > 5) return "more than 5 components in an action row";
    for (const c of row.components ?? []) if (typeof c.custom_id === "string" && c.custom_id.length > 100) return `custom_id longer than 100: ${c.custom_id}`;
  }
  for (const embed of message.embeds ?? []) {
    for (const field of embed.fields ?? []) if (typeof field.value === "string" && field.value.length > 1024) return "embed field value longer than 1024";
  }
  return null;
}

/** mentionViolation, then limitViolation, then the stricter component rules (discord-shape-rules.ts). */
export function messageViolation(body: unknown): string | null {
  return mentionViolation(body) ?? limitViolation(body) ?? componentsViolation(body);
}

/** Interaction response types whose data is a message: 4 (reply), 7 (update). */
export const MESSAGE_RESPONSE_TYPES: readonly number[] = [4, 7];

/** Discord's answer to an interaction response it would refuse, or null: the mention gate, component and modal limits. */
export function responseViolation(response: { type?: unknown; data?: unknown } | null): string | null {
  const type = Number(response?.type);
  if (MESSAGE_RESPONSE_TYPES.includes(type)) return messageViolation(response?.data ?? null);
  // A deferred reply (5) takes only flags: the message comes with the edit that fills it.
  if (type === 5) {
    const extra = Object.keys((response?.data ?? {}) as object).filter((key) => key !== "flags");
    return extra.length ? `a deferred response (type 5) takes only flags, got ${extra.join(", ")}` : null;
  }
  if (type === 9) return modalViolation(response?.data);
  return null;
}

/** A file a test "uploaded" to the fake's CDN, as /imagine's attachment option. */
export interface CdnFile {
  filename: string;
  bytes: Uint8Array;
  /** Discord's content_type for the file; omitted when null. Default image/png. */
  contentType?: string | null;
  /** What Discord says the size is (default: the bytes' length). */
  size?: number;
}

export interface FakeDiscordOptions {
  applicationId: string;
  botToken: string;
  botUserId?: string;
  /** How long Create Interaction Response takes; the reply exists only once it has answered. */
  callbackDelayMs?: number;
  /** Refuse (10062) an initial response later than 3 s after its INTERACTION_CREATE; times are recorded either way. */
  enforceDeadline?: boolean;
}

/** Like Discord: an interaction must get its initial response this soon after it was dispatched. */
const RESPONSE_DEADLINE_MS = 3_000;

/**
 * A fake Discord on 127.0.0.1: the REST routes the bot uses, GET /gateway/bot, and a gateway
 * (`ws`) that says HELLO, answers IDENTIFY with READY and heartbeats with ACKs, and dispatches
 * whatever a test sends. Like Discord, it refuses edits of a reply that was never sent
 * (10008 Unknown Message) and bot-token routes without the token.
 */
export async function startFakeDiscord(options: FakeDiscordOptions) {
  const calls: RecordedCall[] = [];
  const answered = new Set<string>();
  /** Interaction id -> when the gateway dispatched it, and how long its initial response took. */
  const dispatchedAt = new Map<string, number>();
  const responseMs = new Map<string, number>();
  const sockets = new Set<WebSocket>();
  /** The CDN: attachment id -> file; expired ones answer 404, as Discord's signed URLs do once past `ex`. */
  const cdn = new Map<string, CdnFile & { expired: boolean }>();
  const cdnFetches: string[] = [];
  let seq = 0;
  let nextMessageId = 1;
  let listeners: (() => void)[] = [];

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { message: String(error), code: 0 }));
  });
  const wss = new WebSocketServer({ server });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", origin);
    const file = /^\/attachments\/\d+\/(\d+)\/[^/]+$/.exec(url.pathname);
    if (req.method === "GET" && file) {
      cdnFetches.push(url.pathname);
      const stored = cdn.get(file[1]!);
      if (!stored || stored.expired || url.searchParams.get("hm") !== "signed") return void res.writeHead(404, { "content-type": "text/plain" }).end("Not Found");
      res.writeHead(200, { "content-type": stored.contentType ?? "application/octet-stream", "content-length": stored.bytes.byteLength });
      return void res.end(Buffer.from(stored.bytes));
    }
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, "");
    const method = req.method ?? "GET";
    const call: RecordedCall = { method, path, auth: req.headers.authorization ?? null, body: null, files: [] };
    await readBody(req, call);
    calls.push(call);
    res.once("finish", () => {
      call.status = res.statusCode;
      for (const notify of listeners) notify();
    });

    if (method === "GET" && path === "/gateway/bot") {
      return send(res, 200, {
        url: `ws://127.0.0.1:${port}`,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 },
      });
    }
    if (method === "GET" && path === "/applications/@me") return send(res, 200, { id: options.applicationId, name: "Pixorly" });
    let m = /^\/interactions\/(\d+)\/([^/]+)\/callback$/.exec(path);
    if (method === "POST" && m) {
      const sent = dispatchedAt.get(m[1]!);
      if (sent !== undefined) {
        const ms = performance.now() - sent;
        responseMs.set(m[1]!, ms);
        // Past the deadline Discord has already told the person "The application did not respond".
        if (options.enforceDeadline && ms > RESPONSE_DEADLINE_MS) return send(res, 404, { message: "Unknown interaction", code: 10062 });
      }
      if (options.callbackDelayMs) await new Promise((resolve) => setTimeout(resolve, options.callbackDelayMs));
      const violation = responseViolation(call.body);
      if (violation) return send(res, 400, { message: `Invalid Form Body: ${violation}`, code: 50035 });
      answered.add(m[2]!);
      // Discord answers 204 with no body; a JSON content-type here would make discord.js parse nothing.
      res.writeHead(204).end();
      return;
    }
    m = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (m) {
      if (m[1] !== options.applicationId) return send(res, 404, { message: "Unknown Webhook", code: 10015 });
      if (!answered.has(m[2]!)) return send(res, 404, { message: "Unknown Message", code: 10008 });
      if (method === "DELETE" && m[3]) return void res.writeHead(204).end();
      const violation = messageViolation(call.body);
      if (violation) return send(res, 400, { message: `Invalid Form Body: ${violation}`, code: 50035 });
      if ((method === "PATCH" && m[3]) || (method === "POST" && !m[3])) return send(res, 200, message(call));
    }
    const needsBot = /^\/(channels\/\d+\/messages|users\/@me\/channels|applications\/\d+(\/guilds\/\d+)?\/commands)$/.exec(path);
    if (needsBot && call.auth !== `Bot ${options.botToken}`) return send(res, 401, { message: "401: Unauthorized", code: 0 });
    if (method === "POST" && /^\/channels\/[\w-]+\/messages$/.test(path)) {
      const violation = messageViolation(call.body);
      if (violation) return send(res, 400, { message: `Invalid Form Body: ${violation}`, code: 50035 });
      return send(res, 200, message(call));
    }
    if (method === "POST" && path === "/users/@me/channels") {
      return send(res, 200, { id: `9${String(call.body?.recipient_id ?? "0")}`, type: 1 });
    }
    if (method === "PUT" && /^\/applications\/\d+(\/guilds\/\d+)?\/commands$/.test(path)) {
      const commands = Array.isArray(call.body) ? call.body : [];
      return send(res, 200, commands.map((c: unknown, i: number) => ({ ...(c as object), id: String(1000 + i) })));
    }
    send(res, 404, { message: "404: Not Found", code: 0 });
  }

  function message(call: RecordedCall) {
    return { id: String(nextMessageId++), channel_id: "1", content: call.body?.content ?? "", embeds: [], attachments: [], components: [], type: 0 };
  }

  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on("message", (raw) => {
      const packet = JSON.parse(String(raw)) as { op: number };
      if (packet.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (packet.op === 2) {
        sendDispatch(socket, "READY", {
          v: 10,
          user: { id: options.botUserId ?? "500", username: "pixorly", discriminator: "0", global_name: null, avatar: null, bot: true },
          guilds: [],
          session_id: "session-1",
          resume_gateway_url: `ws://127.0.0.1:${port}`,
          shard: [0, 1],
          application: { id: options.applicationId, flags: 0 },
        });
      }
    });
  });

  function sendDispatch(socket: WebSocket, t: string, d: unknown) {
    socket.send(JSON.stringify({ op: 0, t, s: ++seq, d }));
  }

  return {
    apiUrl: `${origin}/api`,
    calls,
    /**
     * Over HTTP interactions the reply travels in the HTTP response, which the test (playing
     * Discord) receives; it tells the fake here so that edits of that reply are accepted.
     */
    replied(token: string): void {
      answered.add(token);
    },
    /**
     * Puts a file on the fake CDN and returns it as Discord describes an attachment in
     * data.resolved.attachments (url signed with ex/is/hm like Discord's, proxy_url on media).
     */
    attach(file: CdnFile, channelId = "300000000000000001"): APIAttachment {
      const id = String(700_000_000_000_000_000n + BigInt(cdn.size + 1));
      cdn.set(id, { ...file, contentType: file.contentType === undefined ? "image/png" : file.contentType, expired: false });
      const path = `/attachments/${channelId}/${id}/${file.filename}?ex=6a000000&is=69f00000&hm=signed`;
      return {
        id,
        filename: file.filename,
        size: file.size ?? file.bytes.byteLength,
        url: `${origin}${path}`,
        proxy_url: `${origin.replace("127.0.0.1", "localhost")}${path}`,
        ...(file.contentType === null ? {} : { content_type: file.contentType ?? "image/png" }),
      };
    },
    /** Every attachment link now answers 404, as Discord's do once their signature expires (about a day). */
    expireAttachments(): void {
      for (const file of cdn.values()) file.expired = true;
    },
    /** Paths the CDN was asked for, in order. */
    cdnFetches,
    /** host:port of the fake (its CDN too), for the safe fetch's test allow-list. */
    host: `127.0.0.1:${port}`,
    /** How long the initial response to a gateway interaction took (ms), once it arrived. */
    responseMs,
    /** Sends a gateway dispatch (INTERACTION_CREATE, GUILD_CREATE, ...) to every connected client. */
    dispatch(t: string, d: unknown): void {
      if (sockets.size === 0) throw new Error("no gateway client is connected");
      if (t === "INTERACTION_CREATE") dispatchedAt.set(String((d as { id: string }).id), performance.now());
      for (const socket of sockets) sendDispatch(socket, t, d);
    },
    /** Resolves with the first answered call (past or future) that matches, or rejects after `timeoutMs`. */
    waitFor(match: (call: RecordedCall) => boolean, timeoutMs = 5_000): Promise<RecordedCall> {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = calls.find((c) => c.status !== undefined && match(c));
          if (!found) return false;
          clearTimeout(timer);
          listeners = listeners.filter((l) => l !== check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          listeners = listeners.filter((l) => l !== check);
          reject(new Error(`fake Discord saw no matching call in ${timeoutMs} ms; calls: ${calls.map((c) => `${c.method} ${c.path}`).join(", ")}`));
        }, timeoutMs);
        if (!check()) listeners.push(check);
      });
    },
    async close(): Promise<void> {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export type FakeDiscord = Awaited<ReturnType<typeof startFakeDiscord>>;

function send(res: ServerResponse, status: number, body: unknown): void {
  const json = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  res.end(json);
}

/** JSON bodies, and multipart uploads (payload_json + files[n]) parsed with the platform's own FormData. */
async function readBody(req: IncomingMessage, call: RecordedCall): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return;
  const type = req.headers["content-type"] ?? "";
  if (type.startsWith("application/json")) {
    call.body = JSON.parse(raw.toString("utf8")) as Record<string, unknown>;
    return;
  }
  if (type.startsWith("multipart/form-data")) {
    const form = await new Response(raw, { headers: { "content-type": type } }).formData();
    for (const [field, value] of form.entries()) {
      if (field === "payload_json") call.body = JSON.parse(String(value)) as Record<string, unknown>;
      else if (typeof value !== "string") {
        call.files.push({ field, name: value.name, contentType: value.type, bytes: Buffer.from(await value.arrayBuffer()) });
      }
    }
  }
}
