import type { webApi } from "@slack/bolt";
import type { Engine } from "../../core/engine/engine.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import type { ChannelPacer } from "./channel-pacer.ts";
import type { MemberDirectory } from "./member-directory.ts";
import type { SlackCommandNames } from "./slack-command-names.ts";

export type WebClient = webApi.WebClient;

/** What every Slack handler and the notifier share. */
export interface SlackContext {
  engine: Engine;
  storage: ObjectStorage;
  logger: Logger;
  publicUrl: () => string;
  members: MemberDirectory;
  /**
   * A client holding the team's bot token: the app's own in single-workspace mode, the
   * installation's with OAuth. Null when the team has no installation (any more).
   */
  clientFor(teamId: string, enterpriseId: string | null): Promise<WebClient | null>;
  /** The engine's clock, which also stamps reply targets. */
  now(): number;
  /** Paces chat.postMessage and chat.update per channel (Slack's about one message per second). */
  pacer: ChannelPacer;
  /** The commands' Slack names (SLACK_COMMAND_PREFIX applied); the text we write names commands by these. */
  commands: SlackCommandNames;
  /** /imagine acks before its answer when the submit takes longer than this (Slack allows 3 s). */
  ackDeadlineMs: number;
}
