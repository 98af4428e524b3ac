import { Worker } from "node:worker_threads";

export interface WalCheckpointer {
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the
 * COMMIT that crosses the limit: that one commit copies thousands of pages and fsyncs twice,
 * 20-75 ms here, about one commit in two hundred under load and half of all commit time, and
 * every request waiting on the event loop waits with it. A worker thread with its own
 * connection checkpoints PASSIVE (never blocking writers or readers) whenever `minPages` have
 * piled up; the bots' connection keeps an automatic checkpoint far above that, as the safety net
 * if the worker ever falls behind or dies.
 */
export function startWalCheckpointer(file: string, options: { intervalMs?: number; minPages?: number } = {}): WalCheckpointer {
  const worker = new Worker(new URL("./checkpoint-worker.ts", import.meta.url), {
    workerData: { file, intervalMs: options.intervalMs ?? 50, minPages: options.minPages ?? 1_000 },
  });
  // Never what keeps a process alive; an error in it only costs the fallback (inline checkpoints).
  worker.unref();
  worker.on("error", () => undefined);
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  return {
    async stop() {
      // Held open until it has closed its connection (unref'd, the process could exit mid-stop).
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))]);
      clearTimeout(timer);
      await worker.terminate();
    },
  };
}
