import { z } from "zod";
import { CodedError } from "../../../core/domain/errors.ts";
import type { Platform } from "../../../core/domain/workspace.ts";
import { forgetUser } from "../../../core/engine/forget-user.ts";
import type { AdminCommand } from "../admin-command.ts";
import { platformUser } from "../arg-schemas.ts";
import { renderFields } from "../render-table.ts";

/** What /forget-me does for a member, on the operator's say-so (a deletion request by mail, say). */
export const forget: AdminCommand<{ user: { platform: Platform; externalUserId: string } }> = {
  name: "forget",
  usage: "<platform user>   (discord:1234, slack:T01/U02)",
  summary: "Delete a person's identities, images (objects too), API keys, memberships and profile; ledger and usage stay, anonymous",
  positionals: ["user"],
  schema: z.strictObject({ user: platformUser }),
  async run(ctx, args) {
    const forgotten = await forgetUser({ store: await ctx.store(), storage: await ctx.storage(), clock: ctx.clock }, args.user);
    if (!forgotten.ok) throw new CodedError(forgotten.error.code, forgotten.error.message);
    const report = forgotten.value;
    const text = renderFields([
      ["forgotten", `${args.user.platform}:${args.user.externalUserId} (was ${report.userId})`],
      ["queued jobs cancelled", report.cancelledJobs],
      ["images deleted", report.images],
      ["API keys deleted", report.apiKeys],
      ["collections deleted", report.collections],
      ["memberships removed", report.memberships],
      ["identities removed", report.identities],
      ["jobs anonymized", report.jobs],
      ["usage days merged", report.usageDays],
    ]);
    return { text, json: report };
  },
};
