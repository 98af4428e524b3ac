import { test } from "vitest";
import { runMixedWorkload, share } from "./mixed-workload.ts";

test("prints the contention figures of the mixed workload", async () => {
  const figures = await runMixedWorkload();
  console.log(`all pairs: ${share(figures.all)}`);
  for (const [category, f] of Object.entries(figures.byCategory)) console.log(`${category}: ${share(f)} ${JSON.stringify(f.reasons)}`);
}, 120_000);
