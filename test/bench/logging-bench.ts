import { Writable } from "node:stream";
import pino from "pino";
import { createLogger } from "../../core/logging/create-logger.ts";
import { setSecretValues } from "../../core/logging/secret-values.ts";
import type { BenchResult } from "./run.ts";

const LINES = 20_000;

/** Counts bytes and drops them: the bench measures the logger, not a disk. */
function sink(): Writable {
  return new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });
}

/** The mix a worker writes: job lines with ids and URLs, an error with a stack now and then. */
function writeLines(log: pino.Logger, count: number): void {
  const error = new Error("openrouter answered HTTP 503: upstream overloaded");
  for (let i = 0; i < count; i++) {
    const jobId = `job_01JDEXAMPLE${i % 1000}`;
    if (i % 10 === 9) log.warn({ jobId, code: "PROVIDER_UNAVAILABLE", attempt: 1, err: error }, "job attempt failed");
    else if (i % 2) log.info({ jobId, provider: "openrouter", ms: 812, url: `https://d111.cloudfront.net/ws_1/2026-12-06/${jobId}-0-abc.png` }, "job completed");
    else log.info({ jobId, workspaceId: "ws_01", position: 3 }, "job queued");
  }
}

function microsPerLine(log: pino.Logger): number {
  writeLines(log, 2_000); // warm up the JIT
  const start = process.hrtime.bigint();
  writeLines(log, LINES);
  return Number(process.hrtime.bigint() - start) / 1_000 / LINES;
}

/**
 * Cost per log line of the product's scrubbing logger (key redaction, pino redact paths, the
 * configured-secret value pass and token shapes) next to plain pino on the same lines, both
 * writing JSON to a sink. Every secret variable is set, as in production.
 */
export async function loggingBench(): Promise<BenchResult[]> {
  setSecretValues({
    OPENROUTER_API_KEY: "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",
    OPENAI_API_KEY: "sk-proj-Hq2Wm9Zx4Lr7Tv1Ny8Ks3Pb6Jc0Fd5Gg",
    AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
    AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    DISCORD_TOKEN: "MTA5ODc2NTQzMjEwOTg3NjU0MzI.GhIjKl.q9Wv8Xy7Zt6Us5Rr4Qp3On2Ml1Kk0Jj9Ii8Hh",
    SLACK_BOT_TOKEN: "xoxb-2741395024-5193026384-Qm8vT3kR9zLw2Yx7PnB4sHcD",
    SLACK_SIGNING_SECRET: "8f742231b10e8888abcd99yyyzzz85a5",
    PIXORLY_SERVICE_SECRET: "svc_Uq8Rz3Wm7Kt2Lp9Xv4Ny",
    PIXORLY_ENCRYPTION_KEY: "Q2hhbmdlTWVDaGFuZ2VNZUNoYW5nZU1lQ2hhbmdlTWU=",
  });
  const runs = 3;
  let plain = Number.POSITIVE_INFINITY;
  let scrubbed = Number.POSITIVE_INFINITY;
  // Alternating and keeping the best run of each keeps a noisy neighbour out of the ratio.
  for (let i = 0; i < runs; i++) {
    plain = Math.min(plain, microsPerLine(pino({ level: "info", base: undefined }, sink())));
    scrubbed = Math.min(scrubbed, microsPerLine(createLogger({ level: "info", format: "json", destination: sink() })));
  }
  setSecretValues({});
  return [
    {
      name: "log line, scrubbing logger (us)",
      unit: "us/line",
      value: round(scrubbed),
      baseline: round(plain),
      ratio: round(scrubbed / plain),
      baselineIs: "plain pino, same lines, same sink",
    },
  ];
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
