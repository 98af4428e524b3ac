import { configSchema } from "../../core/config/schema.ts";
import { slackManifest } from "./slack-manifest.ts";

/**
 * Prints the Slack app manifest for this install: `npx tsx bots/slack/print-manifest.ts`, with
 * SLACK_COMMAND_PREFIX and PUBLIC_URL read from the environment (the same rules as at start).
 */
const env = configSchema.pick({ SLACK_COMMAND_PREFIX: true, PUBLIC_URL: true }).safeParse(process.env);
if (!env.success) {
  for (const issue of env.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
process.stdout.write(slackManifest({ prefix: env.data.SLACK_COMMAND_PREFIX, baseUrl: env.data.PUBLIC_URL }));
