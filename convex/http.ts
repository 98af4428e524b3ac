import { httpRouter } from "convex/server";
import { internal } from "./_generated/api.js";
import { httpAction } from "./_generated/server.js";
import { profileOf, verifyClerkEvent } from "./model/clerkWebhook.ts";

/**
 * Clerk's user webhook (configure it in Clerk as <deployment>.convex.site/clerk-webhook). A
 * missing or bad signature gets 400 and changes nothing; other event types are acknowledged
 * and ignored so Clerk does not retry them.
 */
const clerkWebhook = httpAction(async (ctx, request) => {
  const secret = process.env.CLERK_WEBHOOK_SECRET;
  if (!secret) return new Response("CLERK_WEBHOOK_SECRET is not set in this deployment", { status: 500 });
  const event = verifyClerkEvent(secret, await request.text(), request.headers);
  if (!event) return new Response("invalid signature", { status: 400 });

  if (event.type === "user.created" || event.type === "user.updated") {
    await ctx.runMutation(internal.users.syncFromClerk, profileOf(event.data));
  } else if (event.type === "user.deleted" && event.data.id) {
    await ctx.runMutation(internal.users.deleteFromClerk, { clerkId: event.data.id });
  }
  return new Response(null, { status: 200 });
});

const http = httpRouter();
http.route({ path: "/clerk-webhook", method: "POST", handler: clerkWebhook });
export default http;
