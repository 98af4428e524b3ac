/** `npm run discord:invite`: prints the URL that adds the bot to a server. */
import { REST } from "discord.js";
import { loadConfig, readEnvFiles } from "../../core/config/load-config.ts";
import { applicationId } from "./application-id.ts";
import { inviteUrl } from "./invite-url.ts";

try {
  const config = loadConfig({ ...readEnvFiles(process.cwd()), ...process.env });
  const rest = new REST({ api: config.DISCORD_API_URL });
  if (config.DISCORD_TOKEN) rest.setToken(config.DISCORD_TOKEN);
  process.stdout.write(`${inviteUrl(await applicationId(config, rest))}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
