/**
 * `npm run bench [-- <name> ...]`: runs every benchmark (or the named ones). Each prints one
 * `BENCH {"name","unit","value","baseline","ratio"}` line, the baseline measured in the same run,
 * so results compare across machines and noisy neighbours.
 */
import { discordBench } from "./discord-bench.ts";
import { engineBench } from "./engine-bench.ts";
import { idlePickupBench } from "./idle-pickup-bench.ts";
import { loggingBench } from "./logging-bench.ts";
import { s3Bench } from "./s3-bench.ts";
import { slackBench } from "./slack-bench.ts";

export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  [extra: string]: unknown;
}

const BENCHES: Record<string, () => Promise<BenchResult[]>> = {
  engine: engineBench,
  pickup: idlePickupBench,
  s3: s3Bench,
  discord: discordBench,
  slack: slackBench,
  logging: loggingBench,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHES));
if (unknown.length) {
  process.stderr.write(`Unknown bench ${unknown.join(", ")}. Available: ${Object.keys(BENCHES).join(", ")}\n`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : Object.keys(BENCHES)) {
  for (const result of await BENCHES[name]!()) process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}
