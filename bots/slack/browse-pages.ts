import type { PageRequest } from "./action-ids.ts";
import { escapeMrkdwn } from "./mrkdwn.ts";
import { renderImagePage } from "./render-image-page.ts";
import type { SlackMessage } from "./render-job-message.ts";
import type { SlackContext } from "./slack-context.ts";
import type { SlackInvoker } from "./slack-invoker.ts";

/**
 * /collection and its buttons: the channel's shared collection (every public image made in the
 * channel) or the member's saved images, a page at a time, with the share link when the
 * workspace allows sharing.
 */
export async function collectionPage(
  ctx: SlackContext,
  invoker: SlackInvoker,
  request: Extract<PageRequest, { kind: "collection" }>,
  channelName: string | undefined,
): Promise<SlackMessage> {
  const channel = request.scope === "channel";
  const name = channel ? `#${channelName ?? invoker.channelId}` : `${invoker.actor.userName ?? "My"} saved images`;
  const result = await ctx.engine.collectionPage(invoker.actor, channel ? invoker.channelKey : null, name, request.page);
  const lines = [`*${escapeMrkdwn(result.collection.name)}* — ${result.total} image(s), page ${result.page} of ${result.pages}`];
  if (channel && result.shareToken) lines.push(`Share: ${ctx.publicUrl()}/c/${result.shareToken}`);
  const buttons = pageButtons(result.page, result.pages, (page) => ({ ...request, page }));
  buttons.push(
    channel
      ? { label: "My saved images", request: { kind: "collection", scope: "mine", page: 1 } }
      : { label: "This channel", request: { kind: "collection", scope: "channel", page: 1 } },
  );
  return renderImagePage({ header: lines.join("\n"), images: result.images, buttons }, ctx.storage, ctx.commands.slackName);
}

/** /search and its buttons; private images show only to their owner (the engine filters). */
export async function searchPage(ctx: SlackContext, invoker: SlackInvoker, request: Extract<PageRequest, { kind: "search" }>): Promise<SlackMessage> {
  const result = await ctx.engine.searchImages(invoker.actor, request.query, request.page);
  const header = `${result.total} image(s) match "${escapeMrkdwn(request.query)}", page ${result.page} of ${result.pages}`;
  const buttons = pageButtons(result.page, result.pages, (page) => ({ ...request, page }));
  return renderImagePage({ header, images: result.images, buttons }, ctx.storage, ctx.commands.slackName);
}

function pageButtons(page: number, pages: number, requestFor: (page: number) => PageRequest): { label: string; request: PageRequest }[] {
  const buttons: { label: string; request: PageRequest }[] = [];
  if (page > 1) buttons.push({ label: "◀ Previous", request: requestFor(page - 1) });
  if (page < pages) buttons.push({ label: "Next ▶", request: requestFor(page + 1) });
  return buttons;
}
