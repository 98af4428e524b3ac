import type { WebClient } from "./slack-context.ts";

const TTL_MS = 5 * 60_000;
const MAX_CACHED = 5_000;

export interface MemberInfo {
  /** Workspace admin or owner in Slack. */
  admin: boolean;
  name: string | null;
}

/**
 * Who is a Slack workspace admin, from users.info, cached for a few minutes. Only commands that
 * need it ask (/credits, /settings, Delete, Cancel): /imagine never waits on Slack before its ack.
 */
export class MemberDirectory {
  private readonly cache = new Map<string, { info: MemberInfo; until: number }>();

  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  /** Throws what users.info throws; callers decide what a failed lookup means. */
  async lookup(client: WebClient, teamId: string, userId: string): Promise<MemberInfo> {
    const key = `${teamId}/${userId}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached.info;
    const { user } = await client.users.info({ user: userId });
    const info: MemberInfo = {
      admin: Boolean(user?.is_admin || user?.is_owner || user?.is_primary_owner),
      name: user?.profile?.display_name || user?.real_name || user?.name || null,
    };
    if (this.cache.size >= MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, { info, until: this.now() + TTL_MS });
    return info;
  }
}
