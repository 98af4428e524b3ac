/**
 * One admin of the race in sqlite-link-race.test.ts: `<file> <codeHash> <joinerWorkspaceId>`
 * opens its own connection, says "ready", and on the parent's "go" (one line on stdin, sent to
 * every child at once) redeems the code and prints the result as JSON.
 */
import { newId } from "../../core/domain/ids.ts";
import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";

const [file, codeHash, workspaceId] = process.argv.slice(2);
const store = createSqliteStore({ file: file! });
await store.links.active(workspaceId!); // statements prepared and the file open before the start
const go = new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
process.stdout.write("ready\n");
await go;
const now = Date.now();
const result = await store.links.redeem({ codeHash: codeHash!, workspaceId: workspaceId!, linkId: newId("lnk", now), now });
process.stdout.write(`${JSON.stringify(result.ok ? { ok: true } : { ok: false, code: result.error.code })}\n`);
process.stdin.destroy();
await store.close();
