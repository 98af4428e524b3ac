import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../e2e/run-npm-start.ts";

/**
 * The lint config (eslint.config.js, run by CI) holds the shape: these feed it code that breaks
 * each rule, as if written in a real file of the repository, and check the rule fires. Without
 * them a typo in a pattern would leave a boundary silently unguarded.
 */
const typed = new ESLint({ cwd: REPO_ROOT });
// Import rules need no type information: without it a lint takes milliseconds, not the
// tens of seconds the typed program of the whole repository costs on a busy machine.
const untyped = new ESLint({ cwd: REPO_ROOT, overrideConfig: tseslint.configs.disableTypeChecked });

async function rulesFiredBy(filePath: string, code: string, eslint = untyped): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${filePath}` });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

describe("lint guards the shape", () => {
  it("bots never import convex (neither convex/ nor the convex package)", async () => {
    expect(await rulesFiredBy("bots/slack/slack-notifier.ts", `import { api } from "../../convex/_generated/api.js";\nexport const a = api;\n`)).toEqual(["no-restricted-imports"]);
    expect(await rulesFiredBy("bots/open-adapters.ts", `import { ConvexHttpClient } from "convex/browser";\nexport const c = ConvexHttpClient;\n`)).toEqual(["no-restricted-imports"]);
    // The composition root may still pick the Convex store adapter, which lives in core.
    expect(await rulesFiredBy("bots/open-adapters.ts", `import { connectConvexStore } from "../core/stores/convex/connect-convex-store.ts";\nexport const c = connectConvexStore;\n`)).toEqual([]);
  }, 60_000);

  it("core never imports bots", async () => {
    expect(await rulesFiredBy("core/stores/sqlite/job-store.ts", `import { startProduct } from "../../../bots/start-product.ts";\nexport const s = startProduct;\n`)).toEqual(["no-restricted-imports"]);
  }, 60_000);

  it("the engine sees only ports: no provider, store or storage adapter", async () => {
    for (const adapter of ["../providers/local/local-provider.ts", "../stores/sqlite/open-database.ts", "../storage/local-disk-storage.ts", "../config/load-config.ts"]) {
      expect(await rulesFiredBy("core/engine/engine.ts", `import * as adapter from "${adapter}";\nexport const a = adapter;\n`), adapter).toEqual(["no-restricted-imports"]);
    }
    expect(await rulesFiredBy("core/engine/engine.ts", `import type { Store } from "../ports/store.ts";\nexport type S = Store;\n`)).toEqual([]);
  }, 60_000);

  it("one bot never imports another (they share bots/http)", async () => {
    expect(await rulesFiredBy("bots/discord/channel-poster.ts", `import { SlackNotifier } from "../slack/slack-notifier.ts";\nexport const s = SlackNotifier;\n`)).toEqual(["no-restricted-imports"]);
    expect(await rulesFiredBy("bots/admin/lookups.ts", `import * as console from "../console/run-console.ts";\nexport const c = console;\n`)).toEqual(["no-restricted-imports"]);
    expect(await rulesFiredBy("bots/discord/channel-poster.ts", `import * as http from "../http/create-http-server.ts";\nexport const h = http;\n`)).toEqual([]);
  }, 60_000);

  it("no floating promises: a promise is awaited, returned or voided on purpose", async () => {
    const code = `async function work(): Promise<void> {}\nexport function go(): void {\n  work();\n}\n`;
    expect(await rulesFiredBy("core/engine/janitor.ts", code, typed)).toEqual(["@typescript-eslint/no-floating-promises"]);
    expect(await rulesFiredBy("core/engine/janitor.ts", code.replace("  work();", "  void work();"), typed)).toEqual([]);
  }, 300_000);

  it("a switch on a union handles every member", async () => {
    const code = `export function label(s: "a" | "b"): string {\n  switch (s) {\n    case "a":\n      return "A";\n  }\n  return "?";\n}\n`;
    expect(await rulesFiredBy("core/domain/job.ts", code, typed)).toEqual(["@typescript-eslint/switch-exhaustiveness-check"]);
  }, 300_000);
});
