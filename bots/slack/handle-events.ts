import type { App } from "@slack/bolt";
import type { JobView } from "../../core/ports/notifier.ts";
import { renderHome } from "./render-home.ts";
import type { SlackContext } from "./slack-context.ts";
import { slackActor } from "./slack-invoker.ts";

const RECENT_JOBS = 10;

/**
 * Workspace lifecycle and the Home tab. `app_uninstalled` and `tokens_revoked` (bot tokens)
 * call `uninstall`: the installation goes and the workspace stops accepting work, its data kept.
 * Bolt does not authorize these two events, since the token is already gone.
 */
export function registerEvents(app: App, ctx: SlackContext, uninstall: (teamId: string, enterpriseId: string | null) => Promise<void>): void {
  app.event("app_uninstalled", async ({ body }) => {
    if (body.team_id) await uninstall(body.team_id, body.enterprise_id ?? null);
  });
  app.event("tokens_revoked", async ({ event, body }) => {
    if (body.team_id && event.tokens.bot?.length) await uninstall(body.team_id, body.enterprise_id ?? null);
  });

  app.event("app_home_opened", async ({ event, body, client }) => {
    if (event.tab !== "home" || !body.team_id) return;
    const actor = slackActor({ teamId: body.team_id, userId: event.user });
    const [summary, jobs] = await Promise.all([ctx.engine.credits(actor), ctx.engine.listJobs(actor, RECENT_JOBS)]);
    const views = await Promise.all(jobs.map((job) => ctx.engine.view(actor, job.id)));
    const recent = views.flatMap((v): JobView[] => (v.ok ? [v.value] : []));
    await client.views.publish({ user_id: event.user, view: renderHome(summary, recent, ctx.storage, ctx.commands.slackName) });
  });
}
