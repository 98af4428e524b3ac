import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import type { Installations } from "../../core/engine/installations.ts";

/**
 * Bolt's InstallationStore over core's Installations, which seals the bot token before any
 * store sees it. Pixorly asks for bot scopes only (no user token) and does not turn on token
 * rotation, so the bot token is the one secret an installation holds.
 */
export function boltInstallationStore(installations: Installations): InstallationStore {
  return {
    async storeInstallation(installation) {
      if (!installation.bot) throw new Error("the Slack install carried no bot token: the app must request bot scopes");
      const enterpriseId = installation.enterprise?.id ?? null;
      await installations.save({
        platform: "slack",
        teamId: installation.isEnterpriseInstall ? null : (installation.team?.id ?? null),
        teamName: installation.team?.name ?? null,
        enterpriseId,
        appId: installation.appId ?? null,
        botUserId: installation.bot.userId,
        botId: installation.bot.id,
        botScopes: installation.bot.scopes,
        botToken: installation.bot.token,
        installedByUserId: installation.user.id,
      });
    },

    async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
      const found = await installations.find({
        platform: "slack",
        teamId: query.isEnterpriseInstall ? null : (query.teamId ?? null),
        enterpriseId: query.enterpriseId ?? null,
      });
      // Bolt turns a throw into "not authorized" and answers nothing for this team.
      if (!found) throw new Error(`no Slack installation for team ${query.teamId ?? "-"} (enterprise ${query.enterpriseId ?? "-"})`);
      return {
        team: found.teamId ? { id: found.teamId } : undefined,
        enterprise: found.enterpriseId ? { id: found.enterpriseId } : undefined,
        user: { id: found.installedByUserId ?? "", token: undefined, scopes: undefined },
        bot: { token: found.botToken, userId: found.botUserId ?? "", id: found.botId ?? "", scopes: found.botScopes },
        appId: found.appId ?? undefined,
        tokenType: "bot",
        isEnterpriseInstall: found.teamId === null,
        authVersion: "v2",
      };
    },
  };
}
