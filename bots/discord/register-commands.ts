/**
 * `npm run discord:register`: puts the command table's slash commands on Discord, globally or,
 * with DISCORD_GUILD_ID, in one server (instant, for testing). PUT replaces the whole set, so
 * commands removed from the table disappear too.
 */
import { REST, Routes } from "discord.js";
import { pathToFileURL } from "node:url";
import { loadConfig, readEnvFiles, type Config } from "../../core/config/load-config.ts";
import { applicationId } from "./application-id.ts";
import { commandDefinitions } from "./command-definitions.ts";

export async function registerCommands(
  config: Pick<Config, "DISCORD_TOKEN" | "DISCORD_APPLICATION_ID" | "DISCORD_API_URL" | "DISCORD_GUILD_ID">,
): Promise<{ count: number; scope: string }> {
  if (!config.DISCORD_TOKEN) throw new Error("Registering commands needs the bot token: set DISCORD_TOKEN (developer portal > Bot > Reset Token).");
  const rest = new REST({ api: config.DISCORD_API_URL }).setToken(config.DISCORD_TOKEN);
  const appId = await applicationId(config, rest);
  const guildId = config.DISCORD_GUILD_ID;
  const route = guildId ? Routes.applicationGuildCommands(appId, guildId) : Routes.applicationCommands(appId);
  const registered = (await rest.put(route, { body: commandDefinitions() })) as unknown[];
  return { count: registered.length, scope: guildId ? `server ${guildId}` : "every server (global commands can take up to an hour to appear)" };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  try {
    const { count, scope } = await registerCommands(loadConfig({ ...readEnvFiles(process.cwd()), ...process.env }));
    process.stdout.write(`Registered ${count} commands for ${scope}.\n`);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
