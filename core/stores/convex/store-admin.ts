import type { FunctionArgs } from "convex/server";
import { api } from "../../../convex/_generated/api.js";
import { ok } from "../../domain/result.ts";
import { TRANSFER_TABLES, type ForgetSummary, type StoreAdmin, type TransferPage, type TransferTable } from "../../ports/store-admin.ts";
import type { ServiceCaller } from "./convex-caller.ts";

type Batch = FunctionArgs<typeof api.admin.importRecords>["batch"];

export function createConvexStoreAdmin(convex: ServiceCaller): StoreAdmin {
  return {
    kind: "convex",
    tables: TRANSFER_TABLES,
    exportPage: async <T extends TransferTable>(table: T, cursor: string | null, limit: number) =>
      // The functions return exactly the transfer records (convex/model/adminExport.ts).
      (await convex.query(api.admin.exportPage, { table, cursor, limit })) as TransferPage<T>,
    importRecords: (table, records) =>
      // The record validators are derived from the same shapes; a generic table cannot be matched to its union member.
      convex.mutation(api.admin.importRecords, { batch: { table, records } as Batch }),
    countImages: async (workspaceId) => {
      let count = 0;
      let cursor: string | null = null;
      do {
        const page: { count: number; nextCursor: string | null } = await convex.query(api.admin.countImagesPage, { workspaceId, cursor });
        count += page.count;
        cursor = page.nextCursor;
      } while (cursor !== null);
      return count;
    },
    userFootprint: (userId) => convex.query(api.admin.footprint, { userId }),
    userStorageBytes: (userId) => convex.query(api.admin.userStorageBytes, { userId }),
    /** Steps until the user is gone; each step is its own transaction (convex/model/adminForget.ts). */
    forgetUser: async (userId, now) => {
      const total: ForgetSummary = { identities: 0, memberships: 0, images: 0, apiKeys: 0, collections: 0, jobs: 0, usageDays: 0, storageKeys: [] };
      for (;;) {
        const step = await convex.mutation(api.admin.forget, { userId, now });
        if (!step.ok) return step;
        const { storageKeys, ...counts } = step.value.summary;
        for (const [name, value] of Object.entries(counts) as [keyof typeof counts, number][]) total[name] += value;
        total.storageKeys.push(...storageKeys);
        if (step.value.done) return ok(total);
      }
    },
  };
}
