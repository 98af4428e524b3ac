import { Client, Events, GatewayDispatchEvents, GatewayIntentBits, Routes, type APIInteraction } from "discord.js";
import type { AckGate } from "./ack-gate.ts";
import type { DiscordContext } from "./discord-context.ts";
import { routeInteraction } from "./interaction-router.ts";

/**
 * The gateway transport: a discord.js Client receives interactions over the websocket, so no
 * public URL is needed. The raw INTERACTION_CREATE payload goes to the same router as HTTP
 * interactions, and the answer is sent with Create Interaction Response through the client's
 * REST (which handles rate limits). Leaving a guild marks its workspace inactive.
 */
export function createGatewayClient(apiUrl: string): Client {
  // allowedMentions is discord.js's default for messages sent through its structures; our raw
  // REST calls set it themselves (outgoing-message.ts), so both paths parse no mentions.
  return new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl }, allowedMentions: { parse: [], repliedUser: false } });
}

export async function startGateway(options: { client: Client; token: string; ctx: DiscordContext; acks: AckGate }): Promise<void> {
  const { client, ctx, acks } = options;
  const { logger } = ctx;
  client.ws.on(GatewayDispatchEvents.InteractionCreate, (interaction: APIInteraction) => {
    void respond(client, ctx, acks, interaction);
  });
  client.on(Events.GuildDelete, (guild) => {
    ctx.engine
      .deactivateWorkspace("discord", guild.id)
      .then(() => logger.info({ guildId: guild.id }, "removed from a Discord server; its workspace is now inactive"))
      .catch((error: unknown) => logger.error({ err: error, guildId: guild.id }, "marking a Discord workspace inactive failed"));
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, "Discord gateway error"));
  await client.login(options.token);
}

async function respond(client: Client, ctx: DiscordContext, acks: AckGate, interaction: APIInteraction): Promise<void> {
  acks.open(interaction.id);
  const answered = await routeInteraction(ctx, interaction);
  try {
    await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: answered.response, auth: false });
  } catch (error) {
    ctx.logger.warn({ err: error, interactionId: interaction.id }, "answering a Discord interaction failed");
    return;
  } finally {
    acks.acked(interaction.id);
  }
  await answered.after?.().catch((error: unknown) =>
    ctx.logger.warn({ err: error, interactionId: interaction.id }, "finishing a Discord interaction reply failed"),
  );
}
