import { DEFAULT_WORKSPACE_SETTINGS } from "../../domain/workspace.ts";
import type { TransferTable } from "../../ports/store-admin.ts";

/** How a column is stored: as is, as 0/1 for a boolean, or as JSON text. */
type ColumnKind = "value" | "flag" | "json";

interface Column {
  column: string;
  field: string;
  kind: ColumnKind;
}

/** One table's mapping between rows and transfer records (core/ports/store-admin.ts). */
export interface TableSpec {
  table: string;
  /** Primary key columns: export order and cursor, and the "already imported" check. */
  key: readonly string[];
  columns: readonly Column[];
  /** Applied after decoding, for rows written before a field existed. */
  complete?: (record: Record<string, unknown>) => Record<string, unknown>;
}

const camel = (column: string) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());

/**
 * Columns as "column[=field][:kind]", in table order; the field defaults to the camelCase
 * column name. Columns left out (workspaces' scheduling columns) are store bookkeeping.
 */
function columns(list: string): Column[] {
  return list
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const [names, kind = "value"] = entry.split(":") as [string, ColumnKind?];
      const [column, field = camel(column)] = names.split("=") as [string, string?];
      return { column, field, kind };
    });
}

export const SQLITE_TRANSFER_TABLES: { [T in TransferTable]: TableSpec } = {
  users: { table: "users", key: ["id"], columns: columns("id clerk_id email display_name image_url preferences:json created_at updated_at") },
  identities: { table: "identities", key: ["id"], columns: columns("id user_id platform external_id=externalUserId created_at") },
  workspaces: {
    table: "workspaces",
    key: ["id"],
    columns: columns(`id platform external_id name plan balance storage_used_bytes storage_quota_bytes settings:json active:flag
      stripe_customer_id stripe_subscription_id created_at updated_at`),
    complete: (record) => ({ ...record, settings: { ...DEFAULT_WORKSPACE_SETTINGS, ...(record.settings as object) } }),
  },
  members: { table: "members", key: ["id"], columns: columns("id workspace_id user_id role daily_cap_override banned:flag created_at") },
  jobs: {
    table: "generation_jobs",
    key: ["id"],
    columns: columns(`id seq workspace_id user_id member_id source idempotency_key status prompt negative_prompt model provider
      aspect_ratio count seed private:flag channel_key parent_job_id input_image_key strength credits_charged credits_refunded attempts max_attempts
      lease_owner lease_expires_at next_run_at error_code error_message reply_target:json created_at started_at finished_at
      provider_ms upload_ms provider_cost_usd`),
  },
  images: {
    table: "images",
    key: ["id"],
    columns: columns(`id job_id workspace_id user_id idx=index storage_key url content_type width height bytes prompt model seed
      aspect_ratio private:flag created_at`),
  },
  collections: {
    table: "collections",
    key: ["id"],
    columns: columns(`id kind workspace_id user_id channel_key name description share_token is_public:flag
      collaborator_user_ids:json created_at updated_at`),
  },
  collection_images: { table: "collection_images", key: ["collection_id", "image_id"], columns: columns("collection_id image_id added_by added_at") },
  api_keys: {
    table: "api_keys",
    key: ["id"],
    columns: columns(`id workspace_id user_id name prefix key_hash scopes:json rate_limit_per_minute request_count last_used_at
      created_at revoked_at`),
  },
  usage: {
    table: "usage",
    key: ["workspace_id", "user_id", "date"],
    columns: columns(`workspace_id user_id date requested completed failed cancelled images credits_charged credits_refunded
      storage_bytes api_requests provider_cost_usd models:json`),
  },
  ledger: {
    table: "ledger",
    key: ["workspace_id", "id"],
    columns: columns("id workspace_id user_id job_id kind amount balance_after reason dedupe_key created_at"),
  },
  refills: { table: "refills", key: ["workspace_id", "period"], columns: columns("workspace_id period amount created_at") },
  installations: {
    table: "installations",
    key: ["id"],
    columns: columns(`id platform team_id enterprise_id workspace_id app_id bot_user_id bot_id bot_scopes:json encrypted_bot_token
      installed_by_user_id created_at updated_at`),
  },
};

export function decodeRow(spec: TableSpec, row: Record<string, unknown>): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (const { column, field, kind } of spec.columns) {
    const value = row[column];
    record[field] = value === null ? null : kind === "flag" ? value === 1 : kind === "json" ? JSON.parse(value as string) : value;
  }
  return spec.complete ? spec.complete(record) : record;
}

/** Named parameters for an INSERT, keyed by column name. */
export function encodeRecord(spec: TableSpec, record: Record<string, unknown>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const { column, field, kind } of spec.columns) {
    const value = record[field];
    row[column] = value === null ? null : kind === "flag" ? (value ? 1 : 0) : kind === "json" ? JSON.stringify(value) : value;
  }
  return row;
}
