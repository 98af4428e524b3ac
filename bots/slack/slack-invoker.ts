import type { BlockAction } from "@slack/bolt";
import type { Actor } from "../../core/engine/actor.ts";
import type { SlackContext, WebClient } from "./slack-context.ts";

/** Who sent a command, press or mention, and from where, as the handlers need it. */
export interface SlackInvoker {
  teamId: string;
  enterpriseId: string | null;
  channelId: string;
  userId: string;
  /** The channel as the engine keys collections and allow-lists: "slack:<team>/<channel>". */
  channelKey: string;
  /** Not yet admin-aware: see `adminAware`. */
  actor: Actor;
}

export interface InvokerFields {
  teamId: string;
  enterpriseId?: string | null;
  channelId: string;
  userId: string;
  /** Slash commands and presses carry the team's domain; events carry only its id. */
  teamName?: string | null;
  userName?: string | null;
}

export function invokerOf(fields: InvokerFields): SlackInvoker {
  const { teamId, channelId, userId } = fields;
  return {
    teamId,
    enterpriseId: fields.enterpriseId || null,
    channelId,
    userId,
    channelKey: slackChannelKey(teamId, channelId),
    actor: slackActor(fields),
  };
}

/** Not yet admin-aware: see `adminAware`. */
export function slackActor(fields: Omit<InvokerFields, "channelId" | "enterpriseId">): Actor {
  return {
    platform: "slack",
    workspaceExternalId: fields.teamId,
    workspaceName: fields.teamName || `Slack workspace ${fields.teamId}`,
    // Slack user ids are only unique within a team (Enterprise Grid aside), so they are scoped.
    userExternalId: `${fields.teamId}/${fields.userId}`,
    userName: fields.userName || null,
    platformAdmin: false,
  };
}

export const slackChannelKey = (teamId: string, channelId: string) => `slack:${teamId}/${channelId}`;

/**
 * The actor with Slack's admin/owner flag from users.info (cached). Only admin-sensitive
 * commands pay for the lookup; if Slack cannot answer, the member is treated as a non-admin
 * this time (operators in ADMIN_USER_IDS and members already recorded as admins still are).
 */
export async function adminAware(ctx: SlackContext, client: WebClient, invoker: Pick<SlackInvoker, "teamId" | "userId" | "actor">): Promise<Actor> {
  try {
    const info = await ctx.members.lookup(client, invoker.teamId, invoker.userId);
    return { ...invoker.actor, platformAdmin: info.admin, userName: invoker.actor.userName ?? info.name };
  } catch (error) {
    ctx.logger.warn({ err: error, teamId: invoker.teamId, userId: invoker.userId }, "users.info failed; treating the member as a non-admin");
    return invoker.actor;
  }
}

/** Who pressed a button, where; null for presses outside a conversation (the Home tab carries no job buttons). */
export function pressedBy(body: BlockAction): SlackInvoker | null {
  const teamId = body.team?.id ?? body.user.team_id;
  const channelId = body.channel?.id ?? (body.container.channel_id as string | undefined);
  if (!teamId || !channelId) return null;
  return invokerOf({
    teamId,
    enterpriseId: body.enterprise?.id ?? body.team?.enterprise_id,
    channelId,
    userId: body.user.id,
    teamName: body.team?.domain,
    userName: body.user.name ?? body.user.username,
  });
}
