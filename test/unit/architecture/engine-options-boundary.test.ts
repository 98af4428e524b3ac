import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { engineHarness } from "../../support/engine-harness.ts";

const root = join(import.meta.dirname, "../../..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/**
 * Edges render what the engine decides; with the Store in reach they start deciding again
 * (issue 16). The options are a #private field, so `engine.options` is gone; this keeps the
 * engine's internal accessor out of bots/ as well.
 */
describe("Engine.options is not reachable from edges", () => {
  it("an engine exposes no options, store or storage property", async () => {
    const h = await engineHarness();
    try {
      const engine = h.engine as unknown as Record<string, unknown>;
      for (const name of ["options", "store", "storage", "providers"]) expect(engine[name], name).toBeUndefined();
      expect(Object.keys(h.engine)).not.toContain("options");
    } finally {
      await h.cleanup();
    }
  });

  it("no file in bots/ reads the engine's options (engineOptions, engine.options)", () => {
    const offenders = sources(join(root, "bots")).filter((file) => /\bengineOptions\s*\(|\bengine\.options\b/.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
