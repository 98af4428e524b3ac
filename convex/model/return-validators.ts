import { v, type GenericValidator } from "convex/values";
import { REJECTION_CODES } from "../../core/domain/rejections.ts";
import schema from "../schema.ts";
import {
  vApiKeyRecord,
  vCollectionLinkRecord,
  vCollectionRecord,
  vIdentityRecord,
  vRefillRecord,
  vImageRecord,
  vInstallationRecord,
  vJobRecord,
  vLedgerRecord,
  vMemberRecord,
  vUsageRecord,
  vUserRecord,
  vWorkspaceRecord,
} from "./transferValidators.ts";
import { nullable } from "./validators.ts";

/**
 * What the public functions return, as validators (Convex checks them on every call). Core's
 * domain types are the export records (transferValidators.ts: the table without `appId`, which
 * travels as `id`, and without the bookkeeping core does not see), so they are derived from the
 * schema too and a column cannot go missing on the wire unnoticed.
 */
export const vWorkspace = vWorkspaceRecord;
export const vUser = vUserRecord;
export const vMember = vMemberRecord;
export const vJob = vJobRecord;
export const vImage = vImageRecord;
export const vApiKey = vApiKeyRecord;
export const vLedgerEntry = vLedgerRecord;
export const vUsageDay = vUsageRecord;
export const vInstallation = vInstallationRecord;
/** Collections keep their total image count; the public count and kind stay in Convex. */
export const vCollection = schema.tables.collections.validator.omit("appId", "kind", "publicImageCount").extend({ id: v.string() });

const [firstCode, secondCode, ...otherCodes] = REJECTION_CODES.map((code) => v.literal(code));
export const vRejection = v.object({
  code: v.union(firstCode!, secondCode!, ...otherCodes),
  message: v.string(),
  details: v.optional(v.record(v.string(), v.any())),
});

/** core/domain/result.ts Result<T, E>. */
export const vResult = <T extends GenericValidator, E extends GenericValidator>(value: T, error: E) =>
  v.union(v.object({ ok: v.literal(true), value }), v.object({ ok: v.literal(false), error }));

/** core/domain/workspace-link.ts: the table's fields, `appId` travelling as `id`. */
export const vWorkspaceLink = schema.tables.workspaceLinks.validator.omit("appId").extend({ id: v.string() });
export const vLinkCode = schema.tables.linkCodes.validator.omit("linkId");

/** A delivery outbox row as the OutboxStore port returns it: the table's own fields. */
export const vOutboxEntry = schema.tables.deliveryOutbox.validator;
export const vImagePage = v.object({ images: v.array(vImage), nextCursor: nullable(v.string()) });
export const vImageTotal = v.object({ images: v.array(vImage), total: v.number() });

/** A page of any table's export records (admin.exportPage). */
export const vTransferRecord = v.union(
  vUserRecord,
  vIdentityRecord,
  vWorkspaceRecord,
  vMemberRecord,
  vJobRecord,
  vImageRecord,
  vCollectionRecord,
  vCollectionLinkRecord,
  vApiKeyRecord,
  vUsageRecord,
  vLedgerRecord,
  vRefillRecord,
  vInstallationRecord,
);

/** One step of admin.forget (core/ports/store-admin.ts ForgetSummary, ForgetRefusal). */
export const vForgetStep = vResult(
  v.object({
    done: v.boolean(),
    summary: v.object({
      identities: v.number(),
      memberships: v.number(),
      images: v.number(),
      apiKeys: v.number(),
      collections: v.number(),
      jobs: v.number(),
      usageDays: v.number(),
      storageKeys: v.array(v.string()),
    }),
  }),
  v.object({ code: v.literal("JOBS_IN_FLIGHT"), message: v.string(), details: v.object({ jobIds: v.array(v.string()) }) }),
);

export { nullable };
