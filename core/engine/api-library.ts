import type { Collection, Image } from "../domain/image.ts";
import { reject, type Rejection } from "../domain/rejections.ts";
import { err, ok, type Result } from "../domain/result.ts";
import type { Actor } from "./actor.ts";
import { engineOptions, type Engine } from "./engine.ts";

/**
 * The REST API's view of images and collections. A key acts as its creator, so it sees what
 * they see: their own images (private ones included, and every image the key made), the
 * workspace's channel collections and their own personal ones.
 */

export async function listApiImages(engine: Engine, actor: Actor, page: { cursor?: string; limit: number }) {
  const { workspace, user } = await engine.resolve(actor);
  return engineOptions(engine).store.images.list({ workspaceId: workspace.id, userId: user.id, ...page });
}

export async function listApiCollections(engine: Engine, actor: Actor): Promise<{ collections: Collection[]; sharingEnabled: boolean }> {
  const { workspace, user } = await engine.resolve(actor);
  const all = await engineOptions(engine).store.collections.listForWorkspace(workspace.id);
  return { collections: all.filter((c) => visibleTo(c, user.id)), sharingEnabled: workspace.settings.sharingEnabled };
}

/**
 * Adds images to a collection the creator can see. Every id is checked before anything is
 * added; adding is idempotent per image, so a retried request is harmless. Private images stay
 * out of channel collections, as they do for jobs made in a channel.
 */
export async function addImagesToCollection(
  engine: Engine,
  actor: Actor,
  collectionId: string,
  imageIds: readonly string[],
): Promise<Result<{ collection: Collection; added: string[] }, Rejection>> {
  const { workspace, user } = await engine.resolve(actor);
  const { collections, images } = engineOptions(engine).store;
  const collection = await collections.get(collectionId);
  if (!collection || collection.workspaceId !== workspace.id || !visibleTo(collection, user.id)) {
    return err(reject("NOT_FOUND", `No collection ${collectionId} in this workspace.`));
  }
  const unique = [...new Set(imageIds)];
  const found = await Promise.all(unique.map((id) => images.get(id)));
  for (const [i, image] of found.entries()) {
    if (!image || !imageVisible(image, workspace.id, user.id)) return err(reject("NOT_FOUND", `No image ${unique[i]} in this workspace.`));
    if (image.private && collection.userId === null) {
      return err(reject("INVALID_REQUEST", `Image ${image.id} is private; private images stay out of shared channel collections.`));
    }
  }
  const now = engineOptions(engine).clock.now();
  for (const id of unique) await collections.addImage(collection.id, id, user.id, now);
  const updated = await collections.get(collection.id);
  return ok({ collection: updated ?? collection, added: unique });
}

const visibleTo = (collection: Collection, userId: string) => collection.userId === null || collection.userId === userId;

const imageVisible = (image: Image, workspaceId: string, userId: string) =>
  image.workspaceId === workspaceId && (!image.private || image.userId === userId);
