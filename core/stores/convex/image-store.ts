import { api } from "../../../convex/_generated/api.js";
import type { ImageStore } from "../../ports/store.ts";
import type { ServiceCaller } from "./convex-caller.ts";

export function createImageStore(convex: ServiceCaller): ImageStore {
  return {
    get: (id) => convex.query(api.images.get, { id }),
    listForJob: (jobId) => convex.query(api.images.listForJob, { jobId }),
    list: (filter) => convex.query(api.images.list, filter),
    search: (filter) => convex.query(api.images.search, filter),
    delete: (id, now) => convex.mutation(api.images.remove, { id, now }),
  };
}
