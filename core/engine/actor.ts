import type { Member, Platform, User, Workspace } from "../domain/workspace.ts";

/**
 * Who is asking, as a front end knows them. The engine turns this into a workspace, a user and
 * a membership (creating them on first use), so front ends never touch the store.
 */
export interface Actor {
  platform: Platform;
  /** Guild id, Slack team id, "local". */
  workspaceExternalId: string;
  workspaceName: string;
  /** Platform user id; Slack ids are scoped by team ("T01/U02"). */
  userExternalId: string;
  userName: string | null;
  /** The platform says this person administers the workspace (Discord Manage Server, Slack admin). */
  platformAdmin: boolean;
  /**
   * Set when the caller knows the person by our user id rather than by a platform identity (a
   * REST API key acts as its creator): that user must already be a member, nothing is created,
   * and `userExternalId` is only a label.
   */
  userId?: string;
}

export interface ResolvedActor {
  workspace: Workspace;
  user: User;
  member: Member;
  isAdmin: boolean;
}

/** The platform-qualified id ADMIN_USER_IDS lists, e.g. "discord:1234" or "slack:T01/U02". */
export function qualifiedUserId(actor: Pick<Actor, "platform" | "userExternalId">): string {
  return `${actor.platform}:${actor.userExternalId}`;
}
