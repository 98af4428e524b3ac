import { z } from "zod";
import { TRANSFER_TABLES } from "../ports/store-admin.ts";

export const MANIFEST_FILE = "manifest.json";
export const EXPORT_FORMAT = "pixorly-export";
export const EXPORT_VERSION = 1;

/**
 * Written last by an export, so a directory without it is an export that did not finish.
 * `tables` lists the tables the source holds and their record counts; import checks each
 * file against its count before writing anything.
 */
export const manifestSchema = z.strictObject({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  source: z.enum(["sqlite", "convex"]),
  exportedAt: z.string(),
  tables: z.partialRecord(z.enum(TRANSFER_TABLES), z.number().int().nonnegative()),
});

export type Manifest = z.infer<typeof manifestSchema>;

export const tableFile = (table: string) => `${table}.jsonl`;
