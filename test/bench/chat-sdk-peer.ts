import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createDiscordAdapter } from "@chat-adapter/discord";
import { createSlackAdapter } from "@chat-adapter/slack";
import { createMemoryState } from "@chat-adapter/state-memory";
import { Chat, ConsoleLogger } from "chat";

export type PeerOptions = (
  | { platform: "slack"; signingSecret: string; botToken: string; apiUrl: string }
  | { platform: "discord"; publicKey: string; applicationId: string; botToken: string; apiUrl: string }
) & {
  /**
   * The handler also posts a "queued" message to the command's channel, as our /imagine does
   * for every public job (Slack: chat.postMessage): the like-for-like peer.
   */
  postQueuedMessage?: boolean;
};

/**
 * The peer a team would pick instead of us: Vercel's Chat SDK (`chat` + `@chat-adapter/slack`
 * or `@chat-adapter/discord`, in-memory state) with a handler for /imagine that does nothing but
 * let the SDK ack, served by node:http the way its docs wire `bot.webhooks.<platform>` into a
 * framework route. Same secrets, token and fake platform API as the other sides. With
 * `postQueuedMessage` the handler posts to the channel too.
 */
export async function startChatSdkPeer(options: PeerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const logger = new ConsoleLogger("silent");
  const bot = new Chat({
    userName: "pixorly-bench",
    adapters:
      options.platform === "slack"
        ? { slack: createSlackAdapter({ signingSecret: options.signingSecret, botToken: options.botToken, apiUrl: options.apiUrl, logger }) }
        : {
            discord: createDiscordAdapter({
              publicKey: options.publicKey,
              applicationId: options.applicationId,
              botToken: options.botToken,
              apiUrl: options.apiUrl,
              logger,
            }),
          },
    state: createMemoryState(),
    logger,
  });
  const webhook = (bot.webhooks as Record<string, (request: Request, options: { waitUntil: (task: Promise<unknown>) => void }) => Promise<Response>>)[
    options.platform
  ]!;
  bot.onSlashCommand("/imagine", async (event) => {
    if (options.postQueuedMessage) await event.channel.post(`Queued: ${event.text}`);
  });
  await bot.initialize();

  const background: Promise<unknown>[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const request = new Request(`http://127.0.0.1${req.url ?? "/"}`, { method: req.method, headers: headersOf(req), body: await bodyOf(req) });
      const response = await webhook(request, { waitUntil: (task: Promise<unknown>) => void background.push(task.catch(() => undefined)) });
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
      if (background.length > 1_000) background.length = 0;
    })().catch(() => {
      res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await Promise.all(background);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await bot.shutdown?.();
    },
  };
}

function headersOf(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(name, value);
  return headers;
}

function bodyOf(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}
