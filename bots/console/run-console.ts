import { createInterface } from "node:readline";
import type { Engine } from "../../core/engine/engine.ts";
import type { Logger } from "../../core/logging/create-logger.ts";
import type { ObjectStorage } from "../../core/ports/object-storage.ts";
import { ConsoleNotifier } from "./console-notifier.ts";
import { handleConsoleLine } from "./handle-console-line.ts";
import { ProgressLine } from "./progress-line.ts";

export interface ConsoleOptions {
  engine: Engine;
  storage: ObjectStorage;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream & { isTTY?: boolean };
  /** A person at a terminal: prompt, live progress. Otherwise plain lines. */
  interactive: boolean;
  /** How long to wait, after input ends, for the jobs this console started. */
  waitMs: number;
  logger: Logger;
}

/**
 * The terminal front end. Runs every input line in order, then waits (bounded) for the jobs it
 * started. Resolves with the exit code: 0 when every line was handled and every job settled,
 * 1 when the wait ran out.
 */
export async function runConsole(options: ConsoleOptions): Promise<number> {
  const { engine, output } = options;
  const outstanding = new Set<string>();
  let settledAll: (() => void) | undefined;
  const progress = options.interactive && output.isTTY ? new ProgressLine(output) : null;
  const write = (text: string) => (progress ? progress.print(text) : output.write(text));

  engine.register(
    new ConsoleNotifier(write, options.storage, (view) => {
      outstanding.delete(view.job.id);
      progress?.update(outstanding.size);
      if (outstanding.size === 0) settledAll?.();
    }),
  );
  const ctx = {
    engine,
    storage: options.storage,
    write,
    track: (jobId: string) => {
      outstanding.add(jobId);
      progress?.update(outstanding.size);
    },
  };

  const lines = createInterface({ input: options.input, terminal: options.interactive && output.isTTY === true, output: options.interactive ? output : undefined });
  if (options.interactive) {
    write('Pixorly console — type /help, or /imagine a lighthouse at dusk. Ctrl-D to quit.\n');
    lines.setPrompt("> ");
    lines.prompt();
  }
  for await (const line of lines) {
    try {
      await handleConsoleLine(ctx, line);
    } catch (error) {
      options.logger.error({ err: error }, "console command failed");
      write("✗ Something went wrong running that command; see the log above.\n");
    }
    if (options.interactive) lines.prompt();
  }

  if (outstanding.size === 0) return finish(progress, 0);
  const done = new Promise<void>((resolve) => (settledAll = resolve));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), options.waitMs)));
  const outcome = await Promise.race([done, timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    write(`✗ Gave up after ${Math.round(options.waitMs / 1000)}s waiting for ${[...outstanding].join(", ")} (set CONSOLE_WAIT_MS to wait longer).\n`);
    return finish(progress, 1);
  }
  return finish(progress, 0);
}

function finish(progress: ProgressLine | null, code: number): number {
  progress?.stop();
  return code;
}
