import { collectionButtonId, searchButtonId, type CollectionScope } from "./custom-id.ts";
import type { DiscordContext } from "./discord-context.ts";
import { reply, type InteractionReply } from "./interaction-reply.ts";
import type { Invoker } from "./invoker.ts";
import { inertUserText } from "./inert-text.ts";
import { renderImagePage } from "./render-image-page.ts";

/** Answers /collection and its page buttons: the channel's shared collection or the member's saved images. */
export async function collectionReply(ctx: DiscordContext, invoker: Invoker, scope: CollectionScope, page: number, update: boolean): Promise<InteractionReply> {
  const name = scope === "channel" ? `#${invoker.channelName ?? invoker.channelId}` : `${invoker.actor.userName ?? "My"} saved images`;
  const result = await ctx.engine.collectionPage(invoker.actor, scope === "channel" ? invoker.channelKey : null, name, page);
  const lines = [`**${inertUserText(result.collection.name)}** — ${result.total} image(s), page ${result.page} of ${result.pages}`];
  if (scope === "channel" && result.shareToken) lines.push(`Share: ${ctx.publicUrl()}/c/${result.shareToken}`);
  const buttons = pageButtons(result.page, result.pages, (p) => collectionButtonId(scope, p));
  buttons.push(
    scope === "channel"
      ? { customId: collectionButtonId("mine", 1), label: "My saved images" }
      : { customId: collectionButtonId("channel", 1), label: "This channel" },
  );
  const body = renderImagePage({ header: lines.join("\n"), images: result.images, buttons }, ctx.storage);
  return reply(ctx, invoker.handle, { body, files: [] }, { ephemeral: true, update });
}

/** Answers /search and its page buttons; private images show only to their owner (the engine filters). */
export async function searchReply(ctx: DiscordContext, invoker: Invoker, query: string, page: number, update: boolean): Promise<InteractionReply> {
  const result = await ctx.engine.searchImages(invoker.actor, query, page);
  const header = `${result.total} image(s) match "${inertUserText(query)}", page ${result.page} of ${result.pages}`;
  // A query too long for a custom_id gets no page buttons; /search page:<n> still works.
  const pageIds = searchButtonId(result.pages, query) ? (p: number) => searchButtonId(p, query)! : null;
  const buttons = pageIds ? pageButtons(result.page, result.pages, pageIds) : [];
  const body = renderImagePage({ header, images: result.images, buttons }, ctx.storage);
  return reply(ctx, invoker.handle, { body, files: [] }, { ephemeral: true, update });
}

function pageButtons(page: number, pages: number, idFor: (page: number) => string) {
  const buttons: { customId: string; label: string }[] = [];
  if (page > 1) buttons.push({ customId: idFor(page - 1), label: "◀ Previous" });
  if (page < pages) buttons.push({ customId: idFor(page + 1), label: "Next ▶" });
  return buttons;
}
