import { createSqliteStore } from "../../core/stores/sqlite/sqlite-store.ts";

/**
 * A product stand-in for the backup test: another process writing to the store file as fast as
 * it can (one grant per transaction) until it is told to stop. Prints "ready" after its first write.
 */
const store = createSqliteStore({ file: process.argv[2]! });
const workspace = await store.workspaces.ensure({ platform: "discord", externalId: "busy-guild", name: "Busy", plan: "FREE", now: Date.now() });
let stopping = false;
process.once("SIGTERM", () => {
  stopping = true;
});
for (let i = 0; !stopping; i++) {
  await store.credits.append({ workspaceId: workspace.id, kind: "grant", amount: 1, reason: `write ${i}`, now: Date.now() });
  if (i === 0) process.stdout.write("ready\n");
  // Lets the SIGTERM handler run between writes.
  await new Promise((resolve) => setImmediate(resolve));
}
await store.close();
