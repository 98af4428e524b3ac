import { api } from "../../../convex/_generated/api.js";
import type { CollectionStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";
import { newShareToken } from "./share-token.ts";

export function createCollectionStore(convex: ServiceCaller): CollectionStore {
  return {
    ensureForChannel: (input) => convex.mutation(api.collections.ensureForChannel, { ...input, shareToken: newShareToken() }),
    ensureForUser: (input) => convex.mutation(api.collections.ensureForUser, input),
    get: (id) => convex.query(api.collections.get, { id }),
    getByShareToken: (token) => convex.query(api.collections.getByShareToken, { token }),
    listForWorkspace: (workspaceId) => convex.query(api.collections.listForWorkspace, { workspaceId }),
    create: (input) => convex.mutation(api.collections.create, input),
    addImage: (collectionId, imageId, addedBy, now) => convex.mutation(api.collections.addImage, { collectionId, imageId, addedBy, now }),
    removeImage: (collectionId, imageId, now) => convex.mutation(api.collections.removeImage, { collectionId, imageId, now }),
    listImages: (collectionId, page) => convex.query(api.collections.listImages, { collectionId, ...page }),
    setShareToken: (collectionId, token, now) => convex.mutation(api.collections.setShareToken, { collectionId, token, now }),
  };
}
