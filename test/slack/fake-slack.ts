import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";

/** One Web API call the app made: the method, the bearer token and the arguments (JSON fields decoded). */
export interface SlackCall {
  method: string;
  token: string | null;
  args: Record<string, unknown>;
  /** When the fake received it (Date.now()). */
  at: number;
  /** What the fake answered (set once it has). */
  answer?: Record<string, unknown>;
}

/** What the app sent back over the Socket Mode connection: acks, with any response payload. */
export interface SocketAck {
  envelope_id: string;
  payload?: Record<string, unknown>;
}

/** One POST to a response_url. */
export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
}

export interface FakeSlackOptions {
  /** Tokens auth.test accepts; every other method accepts them too. */
  botTokens: string[];
  botUserId: string;
  teamId: string;
  /** Members users.info reports as workspace admins. */
  admins?: string[];
  /** Channels chat.postMessage answers with not_in_channel. */
  notInChannels?: string[];
  /** Methods that answer {ok:false, error} with the given error, e.g. a missing scope. */
  failing?: Record<string, string>;
  /** Every Web API answer (not response_url posts) comes this long after the request (a slow Slack). */
  latencyMs?: number;
}

/** Crash-test cuts: a hook answering "hang" leaves the call unanswered (the app's process is killed meanwhile). */
export interface CallHooks {
  before?: (call: SlackCall) => Promise<"hang" | void> | "hang" | void;
  after?: (call: SlackCall) => Promise<"hang" | void> | "hang" | void;
}

/**
 * Block Kit limits Slack enforces (docs.slack.dev/reference/block-kit): at most 50 blocks in a
 * message, section text at most 3,000 characters, a button's value at most 2,000, its action_id
 * at most 255 and its text at most 75. Slack refuses the whole message (invalid_blocks) when
 * one is broken; so does this fake. Null when `blocks` keep them.
 */
export function blocksViolation(blocks: unknown): string | null {
  if (!Array.isArray(blocks)) return null;
  if (blocks.length > 50) return "more than 50 blocks";
  type Button = { type?: string; value?: unknown; action_id?: unknown; text?: { text?: unknown } };
  for (const block of blocks as { type?: string; text?: { text?: unknown }; accessory?: Button; elements?: Button[] }[]) {
    if (block.type === "section" && typeof block.text?.text === "string" && [...block.text.text].length > 3000) return "section text longer than 3000";
    for (const element of [block.accessory, ...(block.type === "actions" ? (block.elements ?? []) : [])]) {
      if (element?.type !== "button") continue;
      if (typeof element.value === "string" && element.value.length > 2000) return "button value longer than 2000";
      if (typeof element.action_id === "string" && element.action_id.length > 255) return "action_id longer than 255";
      if (typeof element.text?.text === "string" && [...element.text.text].length > 75) return "button text longer than 75";
    }
  }
  return null;
}

/** Slack's trigger_id works for 3 seconds after the interaction that carried it. */
export const TRIGGER_LIFETIME_MS = 3_000;

export interface StoredMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: Record<string, unknown>[];
  /** A person's message (postUserMessage): who wrote it and the files shared with it. */
  user?: string;
  files?: SlackFileObject[];
}

/** A file object in Slack's documented shape (docs.slack.dev/reference/objects/file-object), as far as apps read it. */
export interface SlackFileObject {
  id: string;
  created: number;
  timestamp: number;
  name: string;
  title: string;
  mimetype: string;
  filetype: string;
  pretty_type: string;
  user: string;
  mode: string;
  editable: boolean;
  is_external: boolean;
  external_type: string;
  is_public: boolean;
  size: number;
  url_private: string;
  url_private_download: string;
  permalink: string;
}

/** Slack keeps at most this many characters of a view's private_metadata; more is refused. */
export const PRIVATE_METADATA_MAX = 3_000;

/**
 * A fake Slack on 127.0.0.1: the Web API methods the app uses (under /api/), the file upload
 * URL that files.getUploadURLExternal hands out (`uploads` keeps each file's bytes by file id), response_url targets, oauth.v2.access, and a
 * Socket Mode WebSocket (apps.connections.open hands out its URL; it says hello on connect).
 * Like Slack, it answers errors as HTTP 200 {ok:false,error}, refuses unknown tokens with
 * invalid_auth, and refuses chat.update of a message it never saw.
 */
export async function startFakeSlack(options: FakeSlackOptions) {
  const calls: SlackCall[] = [];
  const responses: ResponsePost[] = [];
  const uploads = new Map<string, Buffer>();
  /** File ids files.completeUploadExternal has shared. */
  const completed = new Set<string>();
  const messages = new Map<string, StoredMessage>();
  /** Files people shared (addFile), by id: the object and the bytes its private URLs serve until deleted. */
  const sharedFiles = new Map<string, { file: SlackFileObject; bytes: Buffer; deleted: boolean }>();
  /** Every GET of a private file URL, with whether it carried a bot token Slack knows. */
  const fileFetches: { fileId: string; authorized: boolean }[] = [];
  /** Modals as views.open / views.update last left them, by view id. */
  const views = new Map<string, Record<string, unknown>>();
  const tokens = new Set(options.botTokens);
  const notInChannels = new Set(options.notInChannels ?? []);
  const rateLimited = new Map<string, number>();
  /** trigger_id -> when Slack sent it (tests issue them as they post an interaction). */
  const triggers = new Map<string, number>();
  let latencyMs = options.latencyMs ?? 0;
  let hooks: CallHooks = {};
  let listeners: (() => void)[] = [];
  let seq = 0;

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => json(res, 500, { ok: false, error: String(error) }));
  });
  const wss = new WebSocketServer({ server, path: "/link" });
  const sockets = new Set<WebSocket>();
  const socketAcks: SocketAck[] = [];
  wss.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("message", (data: Buffer) => {
      socketAcks.push(JSON.parse(data.toString()) as SocketAck);
      notify();
    });
    socket.send(JSON.stringify({ type: "hello", num_connections: 1, debug_info: { host: "fake" }, connection_info: { app_id: "A0APP" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", origin).pathname;
    const raw = await readBody(req);
    // A shared file's url_private / url_private_download: only with a bot token, as in Slack.
    const filePath = /^\/files-pri\/\w+-(\w+)\//.exec(path);
    if (filePath) {
      const stored = sharedFiles.get(filePath[1]!);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
      const authorized = Boolean(bearer && tokens.has(bearer));
      fileFetches.push({ fileId: filePath[1]!, authorized });
      notify();
      if (!stored || stored.deleted) return void res.writeHead(404, { "content-type": "text/plain" }).end("file not found");
      if (!authorized) return void res.writeHead(403, { "content-type": "text/html" }).end("<html>Sign in to Slack</html>");
      return void res.writeHead(200, { "content-type": stored.file.mimetype, "content-length": stored.bytes.length }).end(stored.bytes);
    }
    const upload = /^\/upload\/(\w+)$/.exec(path);
    if (upload) {
      uploads.set(upload[1]!, await uploadedBytes(raw, req.headers["content-type"] ?? ""));
      notify();
      return void res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${raw.length}`);
    }
    const respond = /^\/respond\/([\w-]+)$/.exec(path);
    if (respond) {
      const posted = JSON.parse(raw.toString()) as Record<string, unknown>;
      responses.push({ id: respond[1]!, body: posted });
      notify();
      if (blocksViolation(posted.blocks)) return json(res, 400, { ok: false, error: "invalid_blocks" });
      if (respond[1]!.startsWith("expired")) return json(res, 404, { ok: false, error: "expired_url" });
      return json(res, 200, { ok: true });
    }
    const method = /^\/api\/([\w.]+)$/.exec(path)?.[1];
    if (!method) return json(res, 404, { ok: false, error: "unknown_method" });
    const args = decodeArgs(raw, req.headers["content-type"] ?? "");
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? (typeof args.token === "string" ? args.token : null);
    const call: SlackCall = { method, token, args, at: Date.now() };
    calls.push(call);
    notify();
    if (latencyMs) await new Promise((r) => setTimeout(r, latencyMs));
    const limited = rateLimited.get(method) ?? 0;
    if (limited > 0) {
      rateLimited.set(method, limited - 1);
      call.answer = { ok: false, error: "ratelimited", status: 429 };
      res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end(JSON.stringify({ ok: false, error: "ratelimited" }));
      return;
    }
    if (method === "oauth.v2.access") return json(res, 200, oauthAccess(args));
    if (!token || !tokens.has(token)) return json(res, 200, { ok: false, error: "invalid_auth" });
    const failure = options.failing?.[method];
    // A crash test's cut: "hang" never answers (and, before, never applies) the call.
    if ((await hooks.before?.(call)) === "hang") return;
    call.answer = failure ? { ok: false, error: failure } : answer(method, args, call.at);
    notify();
    if ((await hooks.after?.(call)) === "hang") return;
    return json(res, 200, call.answer);
  }

  function answer(method: string, args: Record<string, unknown>, receivedAt: number): Record<string, unknown> {
    const str = (key: string) => String(args[key] ?? "");
    switch (method) {
      case "apps.connections.open":
        return { ok: true, url: `${origin.replace("http", "ws")}/link` };
      case "auth.test":
        return { ok: true, url: "https://pixorly-test.slack.com/", team: "Pixorly Test", team_id: options.teamId, user_id: options.botUserId, bot_id: "B0BOT" };
      case "chat.postMessage": {
        if (notInChannels.has(str("channel"))) return { ok: false, error: "not_in_channel" };
        if (blocksViolation(args.blocks)) return { ok: false, error: "invalid_blocks" };
        // Posting to a user id lands in the app's DM with them, as in Slack.
        const channel = str("channel").startsWith("U") ? `D${str("channel")}` : str("channel");
        const message: StoredMessage = { channel, ts: nextTs(), text: str("text"), blocks: (args.blocks as Record<string, unknown>[]) ?? [] };
        if (args.thread_ts) message.thread_ts = str("thread_ts");
        messages.set(`${channel}:${message.ts}`, message);
        return { ok: true, channel, ts: message.ts, message };
      }
      case "chat.update": {
        const message = messages.get(`${str("channel")}:${str("ts")}`);
        if (!message) return { ok: false, error: "message_not_found" };
        message.text = str("text");
        message.blocks = (args.blocks as Record<string, unknown>[]) ?? [];
        return { ok: true, channel: message.channel, ts: message.ts };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "users.info": {
        const admin = (options.admins ?? []).includes(str("user"));
        return { ok: true, user: { id: str("user"), name: str("user").toLowerCase(), real_name: `Member ${str("user")}`, is_admin: admin, is_owner: false } };
      }
      case "views.publish":
        return { ok: true, view: { id: `V${++seq}` } };
      case "views.open": {
        // Like Slack: a trigger_id is good once, for 3 seconds after the interaction.
        const issued = triggers.get(str("trigger_id"));
        if (issued === undefined) return { ok: false, error: "invalid_trigger_id" };
        triggers.delete(str("trigger_id"));
        if (receivedAt - issued > TRIGGER_LIFETIME_MS) return { ok: false, error: "expired_trigger_id" };
        if (metadataTooLong(args.view)) return { ok: false, error: "invalid_arguments" };
        const id = `V${++seq}`;
        views.set(id, args.view as Record<string, unknown>);
        return { ok: true, view: { id } };
      }
      case "views.update": {
        if (!str("view_id")) return { ok: false, error: "not_found" };
        if (metadataTooLong(args.view)) return { ok: false, error: "invalid_arguments" };
        views.set(str("view_id"), args.view as Record<string, unknown>);
        return { ok: true, view: { id: str("view_id") } };
      }
      case "conversations.replies": {
        // The thread's parent first, then its replies, at most `limit` (the parent must exist).
        const parent = messages.get(`${str("channel")}:${str("ts")}`);
        if (!parent) return { ok: false, error: "thread_not_found" };
        const replies = [...messages.values()].filter((m) => m.channel === parent.channel && m.thread_ts === parent.ts && m.ts !== parent.ts);
        const limit = Number(args.limit ?? 1000);
        return { ok: true, messages: [parent, ...replies].slice(0, limit).map(asMessage), has_more: replies.length + 1 > limit };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${str("users")}` } };
      case "files.getUploadURLExternal": {
        const fileId = `F${++seq}`;
        return { ok: true, upload_url: `${origin}/upload/${fileId}`, file_id: fileId };
      }
      case "files.completeUploadExternal": {
        const files = (args.files as { id: string; title?: string }[]) ?? [];
        for (const f of files) completed.add(f.id);
        return { ok: true, files: files.map((f) => ({ id: f.id, title: f.title ?? "" })) };
      }
      case "files.delete":
        return { ok: true };
      case "files.info": {
        const shared = sharedFiles.get(str("file"));
        if (shared) return shared.deleted ? { ok: false, error: "file_deleted" } : { ok: true, file: shared.file };
        // Slack knows a file once its upload was completed (shared); a handed-out id before that is not found.
        return completed.has(str("file")) ? { ok: true, file: { id: str("file") } } : { ok: false, error: "file_not_found" };
      }
      default:
        return { ok: false, error: "unknown_method" };
    }
  }

  function oauthAccess(args: Record<string, unknown>): Record<string, unknown> {
    if (args.code !== "good-code") return { ok: false, error: "invalid_code" };
    const token = "xoxb-installed-0123456789-secret";
    tokens.add(token);
    return {
      ok: true,
      access_token: token,
      token_type: "bot",
      scope: "app_mentions:read,chat:write,commands,files:read,files:write,im:write,users:read",
      bot_user_id: options.botUserId,
      app_id: "A0APP",
      team: { id: "T0INSTALL", name: "Installed Team" },
      enterprise: null,
      authed_user: { id: "U0INSTALLER" },
      is_enterprise_install: false,
    };
  }

  /** A message as Slack's history methods return it: a person's carries user and files. */
  function asMessage(m: StoredMessage): Record<string, unknown> {
    return { type: "message", ts: m.ts, text: m.text, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), ...(m.user ? { user: m.user } : { bot_id: "B0BOT" }), ...(m.files ? { files: m.files } : {}), ...(m.blocks.length ? { blocks: m.blocks } : {}) };
  }

  function metadataTooLong(view: unknown): boolean {
    const metadata = (view as { private_metadata?: unknown } | undefined)?.private_metadata;
    return typeof metadata === "string" && metadata.length > PRIVATE_METADATA_MAX;
  }

  function nextTs(): string {
    return `1700000000.${String(++seq).padStart(6, "0")}`;
  }

  function notify(): void {
    for (const listener of listeners) listener();
  }

  return {
    apiUrl: `${origin}/api/`,
    /** host:port of this fake (its files are served here too), for the safe fetch's allowHosts. */
    host: new URL(origin).host,
    calls,
    fileFetches,
    views,
    /**
     * A person shares a file: its object as Slack's payloads carry it, served at its private URLs
     * to requests with a bot token (403 without, 404 once deleted). `size` overrides the
     * declared size (a file Slack says is large).
     */
    addFile(f: { name: string; mimetype: string; bytes: Uint8Array; size?: number; user?: string }): SlackFileObject {
      const id = `F0FILE${++seq}`;
      const base = `${origin}/files-pri/${options.teamId}-${id}`;
      const filetype = f.name.split(".").pop() ?? "binary";
      const file: SlackFileObject = {
        id,
        created: 1_700_000_000,
        timestamp: 1_700_000_000,
        name: f.name,
        title: f.name,
        mimetype: f.mimetype,
        filetype,
        pretty_type: filetype.toUpperCase(),
        user: f.user ?? "U0ALICE",
        mode: "hosted",
        editable: false,
        is_external: false,
        external_type: "",
        is_public: true,
        size: f.size ?? f.bytes.length,
        url_private: `${base}/${encodeURIComponent(f.name)}`,
        url_private_download: `${base}/download/${encodeURIComponent(f.name)}`,
        permalink: `https://pixorly-test.slack.com/files/U0ALICE/${id}/${encodeURIComponent(f.name)}`,
      };
      sharedFiles.set(id, { file, bytes: Buffer.from(f.bytes), deleted: false });
      return file;
    },
    /** The file is deleted in Slack: its URLs answer 404 from now on. */
    deleteFile(id: string) {
      const shared = sharedFiles.get(id);
      if (shared) shared.deleted = true;
    },
    /** How a Slack Connect file arrives in events and payloads: a stub that files.info completes. */
    connectStub: (file: SlackFileObject) => ({ id: file.id, mode: "file_access", file_access: "check_file_info", created: 0, timestamp: 0, user: "" }),
    /** A person's message in a channel (optionally in a thread), as conversations.replies will return it. */
    postUserMessage(m: { channel: string; user: string; text: string; files?: SlackFileObject[]; thread_ts?: string }): StoredMessage {
      const message: StoredMessage = { channel: m.channel, ts: nextTs(), text: m.text, blocks: [], user: m.user, ...(m.files ? { files: m.files } : {}), ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}) };
      messages.set(`${m.channel}:${message.ts}`, message);
      return message;
    },
    asMessage: (m: StoredMessage) => asMessage(m),
    responses,
    uploads,
    messages,
    responseUrl: (id: string) => `${origin}/respond/${id}`,
    socketAcks,
    /** Sends a Socket Mode envelope to every connected app. */
    sendEnvelope(envelope: Record<string, unknown>) {
      for (const socket of sockets) socket.send(JSON.stringify(envelope));
    },
    connectedSockets: () => sockets.size,
    /** Runs `before` ahead of applying each authorized Web API call and `after` once applied, before answering (crash tests). */
    setHooks(next: CallHooks) {
      hooks = next;
    },
    /** From now on every Web API answer comes `ms` after its request. */
    setLatency(ms: number) {
      latencyMs = ms;
    },
    /** Records that Slack sent an interaction carrying `triggerId` now (views.open checks its age). */
    issueTrigger(triggerId: string, at = Date.now()) {
      triggers.set(triggerId, at);
    },
    /** The next `times` calls of `method` answer HTTP 429 with Retry-After: 1. */
    rateLimit(method: string, times = 1) {
      rateLimited.set(method, times);
    },
    callsTo: (method: string) => calls.filter((c) => c.method === method),
    /** Resolves once `check` passes, re-checking after each request (bounded). */
    async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = check();
        if (value) return value;
        if (Date.now() > deadline) throw new Error("fake Slack: condition not met in time");
        await new Promise<void>((resolve) => {
          const timer = setTimeout(done, 20);
          function done() {
            clearTimeout(timer);
            listeners = listeners.filter((l) => l !== done);
            resolve();
          }
          listeners.push(done);
        });
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        wss.close();
        server.close(() => resolve());
        // Calls a crash test left hanging would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

export type FakeSlack = Awaited<ReturnType<typeof startFakeSlack>>;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The file's own bytes: the upload URL takes them raw, or as the one file of a multipart form. */
async function uploadedBytes(raw: Buffer, contentType: string): Promise<Buffer> {
  if (!contentType.startsWith("multipart/form-data")) return raw;
  const form = await new Response(raw, { headers: { "content-type": contentType } }).formData();
  for (const value of form.values()) if (typeof value !== "string") return Buffer.from(await value.arrayBuffer());
  return raw;
}

/** The Web API client sends form fields, with structured values (blocks, files) as JSON strings. */
function decodeArgs(raw: Buffer, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return JSON.parse(raw.toString() || "{}") as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw.toString())) args[key] = /^[[{]/.test(value) ? parseOr(value) : value;
  return args;
}

function parseOr(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}
