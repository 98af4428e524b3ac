import { createReadStream, existsSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { CodedError } from "../domain/errors.ts";
import type { TransferRecords, TransferTable } from "../ports/store-admin.ts";
import { tableFile } from "./manifest.ts";
import { RECORD_SCHEMAS } from "./record-schemas.ts";

/**
 * Streams and validates one table's file of an export, a record per line. A line that is not
 * JSON or not a valid record stops the read with its file and line number.
 */
export async function* readRecords<T extends TransferTable>(dir: string, table: T): AsyncGenerator<TransferRecords[T]> {
  const file = tableFile(table);
  if (!existsSync(join(dir, file))) throw new CodedError("EXPORT_INVALID", `${file} is missing from ${dir}, though the manifest lists ${table}.`);
  const lines = createInterface({ input: createReadStream(join(dir, file), "utf8"), crlfDelay: Infinity });
  const schema = RECORD_SCHEMAS[table];
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new CodedError("EXPORT_INVALID", `${file} line ${number} is not JSON`, { cause: error, fields: { file, line: number } });
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "record"}: ${i.message}`).join("; ");
      throw new CodedError("EXPORT_INVALID", `${file} line ${number}: ${problems}`, { fields: { file, line: number } });
    }
    yield parsed.data;
  }
}
