import { Routes, type APIApplication, type REST } from "discord.js";
import type { Config } from "../../core/config/load-config.ts";

/** DISCORD_APPLICATION_ID, or asked of Discord with the bot token (the id is public, the token is not). */
export async function applicationId(config: Pick<Config, "DISCORD_APPLICATION_ID" | "DISCORD_TOKEN">, rest: REST): Promise<string> {
  if (config.DISCORD_APPLICATION_ID) return config.DISCORD_APPLICATION_ID;
  if (!config.DISCORD_TOKEN) {
    throw new Error("Set DISCORD_APPLICATION_ID (developer portal > General Information) or DISCORD_TOKEN (developer portal > Bot).");
  }
  const application = (await rest.get(Routes.currentApplication())) as APIApplication;
  return application.id;
}
