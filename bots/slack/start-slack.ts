import { App, AuthorizationError, HTTPReceiver, HTTPModuleFunctions, SocketModeReceiver, webApi } from "@slack/bolt";
import type { Config } from "../../core/config/load-config.ts";
import { CodedError } from "../../core/domain/errors.ts";
import { createTokenCipher } from "../../core/domain/token-cipher.ts";
import type { Engine } from "../../core/engine/engine.ts";
import { Installations } from "../../core/engine/installations.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { InstallationStore } from "../../core/ports/installation-store.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { HttpServer } from "../http/create-http-server.ts";
import { boltInstallationStore } from "./bolt-installation-store.ts";
import { boltLogger } from "./bolt-logger.ts";
import { ChannelPacer, SLACK_CHANNEL_BURST, SLACK_CHANNEL_INTERVAL_MS, SLACK_MAX_HELD_PROGRESS } from "./channel-pacer.ts";
import { registerActions } from "./handle-action.ts";
import { directSlashCommand, registerCommands } from "./handle-command.ts";
import { registerDescribeActions } from "./handle-describe.ts";
import { registerDescribeShortcut } from "./handle-describe-shortcut.ts";
import { registerEvents } from "./handle-events.ts";
import { registerMentions } from "./handle-mention.ts";
import { registerSettingsModal } from "./handle-settings.ts";
import { registerRemixButton } from "./remix-button.ts";
import { registerRemixForm } from "./remix-form.ts";
import { registerRemixShortcut } from "./remix-shortcut.ts";
import { MemberDirectory } from "./member-directory.ts";
import { BOT_SCOPES } from "./scopes.ts";
import { slackCommandNames } from "./slack-command-names.ts";
import { slackRequestGuard } from "./slack-request-guard.ts";
import type { SlackContext } from "./slack-context.ts";
import { SlackNotifier } from "./slack-notifier.ts";
import { installedClients, singleWorkspaceClient, type ClientFor } from "./team-clients.ts";

/** Slash commands, interactivity and events all arrive here (the manifest's request URLs). */
export const EVENTS_PATH = "/slack/events";
export const INSTALL_PATH = "/slack/install";
export const OAUTH_REDIRECT_PATH = "/slack/oauth_redirect";

export interface StartSlackOptions {
  config: Pick<
    Config,
    | "SLACK_BOT_TOKEN"
    | "SLACK_SIGNING_SECRET"
    | "SLACK_APP_TOKEN"
    | "SLACK_CLIENT_ID"
    | "SLACK_CLIENT_SECRET"
    | "SLACK_STATE_SECRET"
    | "SLACK_API_URL"
    | "PIXORLY_ENCRYPTION_KEY"
  > &
    Partial<Pick<Config, "SLACK_COMMAND_PREFIX">>;
  engine: Engine;
  storage: ObjectStorage;
  /** The product's HTTP server: POST /slack/events and the OAuth pages are mounted on it. */
  http: Pick<HttpServer, "mount" | "maxBodyBytes">;
  logger: Logger;
  publicUrl: () => string;
  /** Where OAuth installations live; required with SLACK_CLIENT_ID. The caller creates and closes it. */
  installations?: InstallationStore;
  /** /imagine acks first when its submit takes longer than this (default 2 s of Slack's 3). */
  ackDeadlineMs?: number;
  /** At most one chat.postMessage / chat.update per channel per this long (default 1 s, Slack's pace). */
  channelIntervalMs?: number;
  /** Calls a quiet channel may make back to back before that pace applies (default 3). */
  channelBurst?: number;
  /**
   * False in a process that only runs workers: it takes no Slack requests (no routes, no Socket
   * Mode connection) but still delivers the results of the jobs it finishes. Default true.
   */
  serve?: boolean;
}

export interface SlackEdge {
  /** Drops Slack messages still waiting for their channel's turn, closes the Socket Mode connection; HTTP routes stop with the server. */
  stop(): Promise<void>;
}

/**
 * Starts the Slack front end, or returns null when Slack is not configured.
 * SLACK_BOT_TOKEN + SLACK_SIGNING_SECRET: one workspace, Bolt's HTTPReceiver on our server's
 * POST /slack/events (its signature check answers 401 before any listener runs). With
 * SLACK_APP_TOKEN: Socket Mode instead, no public URL needed. With SLACK_CLIENT_ID,
 * SLACK_CLIENT_SECRET and SLACK_STATE_SECRET: many workspaces through Bolt's OAuth install
 * (/slack/install, /slack/oauth_redirect), tokens sealed in `installations`. With `serve: false`
 * (a worker process) only the notifier is registered, so results still reach Slack from there.
 */
export async function startSlack(options: StartSlackOptions): Promise<SlackEdge | null> {
  const { config, engine } = options;
  const oauth = Boolean(config.SLACK_CLIENT_ID && config.SLACK_CLIENT_SECRET && config.SLACK_STATE_SECRET);
  if (!oauth && !config.SLACK_BOT_TOKEN) return null;

  const logger = options.logger.child({ component: "slack" });
  const log = boltLogger(logger);
  // Slack's `ratelimited` answers are waited out as told (Retry-After) by the client itself.
  const clientOptions: webApi.WebClientOptions = { slackApiUrl: config.SLACK_API_URL, logger: log, retryConfig: webApi.retryPolicies.fiveRetriesInFiveMinutes };
  const installations = oauth ? oauthInstallations(options) : null;
  if (installations && config.SLACK_BOT_TOKEN) logger.warn("SLACK_BOT_TOKEN is unused: with SLACK_CLIENT_ID each workspace's bot token comes from its installation.");

  if (options.serve === false) {
    const client = installations ? null : new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions);
    await client?.auth.test().catch((error: unknown) => {
      throw authFailed(error);
    });
    const workerCtx = context(options, client ? singleWorkspaceClient(client) : installedClients(installations!, clientOptions), logger);
    engine.register(new SlackNotifier(workerCtx));
    logger.info("Slack: delivering results only (no requests are taken in this process)");
    return { stop: async () => workerCtx.pacer.stop() };
  }

  const socket = config.SLACK_APP_TOKEN ? new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN, logger: log, installerOptions: { clientOptions } }) : null;
  // Our HTTP routes: events (unless Socket Mode brings them) and, with OAuth, the install pages.
  const web =
    !socket || installations
      ? new HTTPReceiver({
          signingSecret: requireSigningSecret(config.SLACK_SIGNING_SECRET),
          endpoints: EVENTS_PATH,
          logger: log,
          bodyLimit: options.http.maxBodyBytes,
          processEventErrorHandler: ackInsteadOf500(logger),
          ...(installations
            ? {
                clientId: config.SLACK_CLIENT_ID,
                clientSecret: config.SLACK_CLIENT_SECRET,
                stateSecret: config.SLACK_STATE_SECRET,
                installationStore: boltInstallationStore(installations),
                scopes: [...BOT_SCOPES],
                installerOptions: { clientOptions, installPath: INSTALL_PATH, redirectUriPath: OAUTH_REDIRECT_PATH },
              }
            : {}),
        })
      : null;

  // One workspace: its bot identity is read here (what Bolt's init would do) so the direct
  // /imagine path below knows it too; Bolt, given it, does not ask again.
  const bot = installations ? null : await botIdentity(new webApi.WebClient(config.SLACK_BOT_TOKEN, clientOptions));
  const app = new App({
    receiver: socket ?? web!,
    logger: log,
    clientOptions,
    // The default conversation store builds an Error on every request; no listener uses it.
    convoStore: false,
    // init() below runs auth.test now, so a wrong token stops the start instead of every request.
    deferInitialization: true,
    // HTTP + OAuth: Bolt takes `authorize` from the receiver's installer. Socket Mode + OAuth:
    // the installer lives on the web receiver, so it is handed over.
    ...(installations ? (socket ? { authorize: web!.installer!.authorize } : {}) : { token: config.SLACK_BOT_TOKEN, ...bot }),
  });
  await app.init().catch((error: unknown) => {
    throw authFailed(error);
  });

  // Listeners get their client from Bolt; the notifier, outside any request, finds the team's here.
  const ctx = context(options, installations ? installedClients(installations, clientOptions) : singleWorkspaceClient(app.client), logger);
  engine.register(new SlackNotifier(ctx));
  registerCommands(app, ctx);
  registerActions(app, ctx);
  registerDescribeActions(app, ctx);
  registerDescribeShortcut(app, ctx);
  registerMentions(app, ctx);
  registerSettingsModal(app, ctx);
  registerRemixShortcut(app, ctx);
  registerRemixButton(app, ctx);
  registerRemixForm(app, ctx);
  registerEvents(app, ctx, (teamId, enterpriseId) =>
    installations ? installations.remove({ platform: "slack", teamId, enterpriseId }) : engine.deactivateWorkspace("slack", teamId),
  );

  if (web && !socket) {
    // One workspace over HTTP: /imagine skips Bolt's second check and parse (directSlashCommand).
    const direct = installations ? undefined : directSlashCommand(ctx, app.client, bot?.botUserId ?? null);
    const guard = { signingSecret: requireSigningSecret(config.SLACK_SIGNING_SECRET), maxBodyBytes: options.http.maxBodyBytes, logger, direct };
    options.http.mount("POST", EVENTS_PATH, slackRequestGuard(web.requestListener, guard));
  }
  if (installations) {
    options.http.mount("GET", INSTALL_PATH, web!.requestListener);
    options.http.mount("GET", OAUTH_REDIRECT_PATH, web!.requestListener);
  }
  if (socket) await app.start();
  logger.info(
    { transport: socket ? "socket-mode" : "http", oauth: Boolean(installations), ...(socket ? {} : { path: EVENTS_PATH }) },
    socket ? "Slack: Socket Mode connected" : `Slack: set ${EVENTS_PATH} as the Request URL of commands, interactivity and events`,
  );
  return {
    async stop() {
      ctx.pacer.stop();
      if (socket) await app.stop();
    },
  };
}

function context(options: StartSlackOptions, clientFor: ClientFor, logger: Logger): SlackContext {
  const { engine } = options;
  return {
    engine,
    storage: options.storage,
    logger,
    publicUrl: options.publicUrl,
    members: new MemberDirectory(),
    clientFor,
    now: () => engine.now(),
    ackDeadlineMs: options.ackDeadlineMs ?? 2_000,
    commands: slackCommandNames(options.config.SLACK_COMMAND_PREFIX ?? ""),
    pacer: new ChannelPacer(options.channelIntervalMs ?? SLACK_CHANNEL_INTERVAL_MS, undefined, {
      burst: options.channelBurst ?? SLACK_CHANNEL_BURST,
      maxHeldProgress: SLACK_MAX_HELD_PROGRESS,
      onShed: (shed) =>
        logger.warn(
          { channels: Object.fromEntries(shed), shed: [...shed.values()].reduce((a, b) => a + b, 0) },
          "Slack channels busier than Slack's pace: dropped held progress updates (their jobs' next state and final state still go out)",
        ),
    }),
  };
}

/**
 * What Bolt does when a listener throws before acking: its default answers 500, which Slack shows
 * as an error and retries. Our own bug is logged as an error; Slack gets an ack. An installation
 * that is gone (AuthorizationError) keeps Bolt's 401.
 */
const { defaultProcessEventErrorHandler } = HTTPModuleFunctions;

function ackInsteadOf500(logger: Logger): NonNullable<ConstructorParameters<typeof HTTPReceiver>[0]["processEventErrorHandler"]> {
  return async (args) => {
    if (args.error instanceof AuthorizationError || args.response.headersSent) return defaultProcessEventErrorHandler(args);
    logger.error({ err: args.error }, "a Slack listener failed before answering; acked so Slack does not retry");
    return true;
  };
}

/** The bot's user and bot ids (auth.test), as Bolt's App takes them; a refused token stops the start. */
async function botIdentity(client: webApi.WebClient): Promise<{ botUserId?: string; botId?: string }> {
  const auth = await client.auth.test().catch((error: unknown) => {
    throw authFailed(error);
  });
  // Both or neither: with one missing Bolt asks auth.test itself, as it would have.
  return auth.user_id && auth.bot_id ? { botUserId: auth.user_id, botId: auth.bot_id } : {};
}

function authFailed(cause: unknown): CodedError {
  return new CodedError("SLACK_AUTH_FAILED", "Slack refused SLACK_BOT_TOKEN (auth.test failed): check the Bot User OAuth Token (xoxb-...) and SLACK_API_URL.", {
    cause,
  });
}

function oauthInstallations(options: StartSlackOptions): Installations {
  // Not an operator's mistake: the product opens one on either store (bots/open-adapters.ts).
  if (!options.installations) {
    throw new CodedError("SLACK_INSTALLATIONS_MISSING", "Slack OAuth (SLACK_CLIENT_ID) needs an installation store: pass `installations` to startSlack.");
  }
  // load-config guarantees the key whenever SLACK_CLIENT_ID is set.
  return new Installations(options.engine, options.installations, createTokenCipher(options.config.PIXORLY_ENCRYPTION_KEY!));
}

/** load-config requires it with SLACK_BOT_TOKEN and with SLACK_CLIENT_ID; a caller skipping it gets this. */
function requireSigningSecret(secret: string | undefined): string {
  if (!secret) throw new CodedError("SLACK_SIGNING_SECRET_MISSING", "Set SLACK_SIGNING_SECRET (Slack app > Basic Information > Signing Secret).");
  return secret;
}
