import { ok } from "../../core/domain/result.ts";
import { addImagesToCollection, listApiCollections, listApiImages } from "../../core/engine/api-library.ts";
import { collectionJson, imageJson } from "./api-bodies.ts";
import { defineRoute, type ApiRoute } from "./api-route.ts";
import { addImagesBody, collectionList, imagePage, imagesAdded, imagesQuery } from "./api-schemas.ts";
import type { RouteDeps } from "./route-deps.ts";

export function libraryRoutes(deps: RouteDeps): ApiRoute[] {
  return [
    defineRoute({
      method: "GET",
      path: "/images",
      operationId: "listImages",
      summary: "The key creator's images (every image the key made among them), newest first",
      scope: "read",
      query: imagesQuery,
      response: { status: 200, schema: imagePage, description: "One page" },
      errors: [400],
      async handle({ actor, query }) {
        const page = await listApiImages(deps.engine, actor, query);
        return ok({ status: 200, body: { images: page.images.map((i) => imageJson(i, deps.storage)), nextCursor: page.nextCursor } });
      },
    }),
    defineRoute({
      method: "GET",
      path: "/collections",
      operationId: "listCollections",
      summary: "The workspace's channel collections and the key creator's own",
      scope: "read",
      response: { status: 200, schema: collectionList, description: "Every visible collection" },
      errors: [],
      async handle({ actor }) {
        const { collections, sharingEnabled } = await listApiCollections(deps.engine, actor);
        return ok({ status: 200, body: { collections: collections.map((c) => collectionJson(c, sharingEnabled, deps.publicUrl())) } });
      },
    }),
    defineRoute({
      method: "POST",
      path: "/collections/{id}/images",
      operationId: "addImagesToCollection",
      summary: "Add images to a collection (adding one twice keeps one)",
      scope: "write",
      body: addImagesBody,
      response: { status: 200, schema: imagesAdded, description: "Added" },
      errors: [400, 404, 413],
      async handle({ actor, params, body }) {
        const added = await addImagesToCollection(deps.engine, actor, params.id!, body.imageIds);
        if (!added.ok) return added;
        const { collection, added: imageIds } = added.value;
        return ok({ status: 200, body: { collectionId: collection.id, added: imageIds, imageCount: collection.imageCount } });
      },
    }),
  ];
}
