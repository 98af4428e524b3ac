import { handleConsoleLine } from "../../bots/console/handle-console-line.ts";
import type { EngineHarness } from "./engine-harness.ts";

/** Runs one console line against the harness's engine and answers what it printed. */
export function consoleRunner(harness: () => EngineHarness): (line: string) => Promise<string> {
  return async (line) => {
    const out: string[] = [];
    const h = harness();
    await handleConsoleLine({ engine: h.engine, storage: h.storage, write: (text) => out.push(text), track: () => {} }, line);
    return out.join("");
  };
}
