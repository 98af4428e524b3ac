/**
 * `npm run bench [-- <name> ...]`: runs every benchmark (or the named ones). Each prints one
 * `BENCH {"name","unit","value","baseline","ratio"}` line, the baseline measured in the same run,
 * so results compare across machines and noisy neighbours.
 */

export interface BenchResult {
  name: string;
  unit: string;
  value: number;
  baseline: number;
  /** value / baseline. */
  ratio: number;
  [extra: string]: unknown;
}

/**
 * Each bench is imported only when it runs: s3rver's fs-extra loads graceful-fs, which patches
 * the process-wide `fs` (close and friends), and the product never has that patch, so a bench
 * that ran after the import would measure a file system the product does not use.
 */
const BENCHES: Record<string, () => Promise<BenchResult[]>> = {
  engine: async () => (await import("./engine-bench.ts")).engineBench(),
  pickup: async () => (await import("./idle-pickup-bench.ts")).idlePickupBench(),
  s3: async () => (await import("./s3-bench.ts")).s3Bench(),
  discord: async () => (await import("./discord-bench.ts")).discordBench(),
  slack: async () => (await import("./slack-bench.ts")).slackBench(),
  logging: async () => (await import("./logging-bench.ts")).loggingBench(),
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
