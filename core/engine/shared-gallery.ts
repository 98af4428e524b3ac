import type { Image } from "../domain/image.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { Logger } from "../logging/create-logger.ts";
import type { Store } from "../ports/store.ts";

/** What a share link may show: the collection's public images, one page of them. */
export interface SharedPage {
  name: string;
  images: Image[];
  page: number;
  pages: number;
  total: number;
}

/** Share tokens are URL-safe base64 (24 characters today); anything else is not worth a lookup. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

/**
 * The sharing rules for /c/<token> pages, decided here so every edge that publishes a
 * collection (the HTML gallery today) shows the same thing. Every miss — malformed, unknown or
 * revoked token, sharing turned off in the workspace, a page past the end — is one NOT_FOUND
 * with one message, so the answer says nothing about which tokens once existed.
 */
export class SharedGallery {
  private readonly store: Pick<Store, "collections" | "workspaces">;
  private readonly logger: Logger;

  constructor(store: Pick<Store, "collections" | "workspaces">, logger: Logger) {
    this.store = store;
    this.logger = logger;
  }

  async page(token: string, page: number, pageSize: number): Promise<Result<SharedPage, Rejection>> {
    if (!TOKEN.test(token) || !Number.isSafeInteger(page) || page < 1) return err(NO_SUCH_PAGE);
    const collection = await this.store.collections.getByShareToken(token);
    if (!collection) return err(NO_SUCH_PAGE);
    const workspace = await this.store.workspaces.get(collection.workspaceId);
    if (!workspace?.settings.sharingEnabled) return err(NO_SUCH_PAGE);
    const { images, total } = await this.store.collections.listImages(collection.id, { offset: (page - 1) * pageSize, limit: pageSize });
    const pages = Math.max(1, Math.ceil(total / pageSize));
    if (page > pages) return err(NO_SUCH_PAGE);
    // The store already leaves private images out; checking again costs nothing and keeps a
    // store bug from publishing one.
    const shown = images.filter((image) => {
      if (!image.private) return true;
      this.logger.error({ collectionId: collection.id, imageId: image.id }, "the store listed a private image for a shared page; it was left out");
      return false;
    });
    return ok({ name: collection.name, images: shown, page, pages, total });
  }
}

const NO_SUCH_PAGE = reject("NOT_FOUND", "No shared collection here.");
