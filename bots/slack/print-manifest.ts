import { readEnvFiles } from "../../core/config/load-config.ts";
import { configSchema } from "../../core/config/schema.ts";
import { slackManifest } from "./slack-manifest.ts";

/**
 * Prints the Slack app manifest for this install: `npm run slack:manifest`, with
 * SLACK_COMMAND_PREFIX and PUBLIC_URL read as the product reads them at start (`.env`, `.env.local`,
 * then the environment), so the manifest names the commands the running app answers to.
 */
const env = configSchema.pick({ SLACK_COMMAND_PREFIX: true, PUBLIC_URL: true }).safeParse({ ...readEnvFiles(process.cwd()), ...process.env });
if (!env.success) {
  for (const issue of env.error.issues) console.error(`${issue.path.join(".")}: ${issue.message}`);
  process.exit(1);
}
process.stdout.write(slackManifest({ prefix: env.data.SLACK_COMMAND_PREFIX, baseUrl: env.data.PUBLIC_URL }));
