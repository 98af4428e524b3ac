import { ConvexClient } from "convex/browser";
import { api } from "../../../convex/_generated/api.js";
import type { ServiceCaller } from "./convex-caller.ts";

/** jobs:queueCounters' value, summed over workspaces with work waiting: `enqueued - dequeued` jobs are pending. */
export interface QueueCounters {
  enqueued: number;
  dequeued: number;
}

/**
 * How the Convex store learns of new work. `url`: a ConvexClient (WebSocket) subscription to
 * jobs:queueCounters, pushed by the deployment whenever the counters change. `pollIntervalMs`:
 * the same watcher fed by polling that query, for convex-test (which has no subscriptions).
 * `onError` hears subscription or poll failures (workers keep polling the queue regardless).
 */
export type QueueWatchOptions = ({ url: string } | { pollIntervalMs: number }) & { onError?: (error: Error) => void };

/** Successive values of jobs:queueCounters until the returned function is called. */
type CounterFeed = (onValue: (counters: QueueCounters) => void, onError: (error: Error) => void) => () => void;

export interface QueueWatch {
  watchQueue(onChange: () => void): () => void;
  /** Ends every watcher and closes the WebSocket client, if one was opened. Idempotent. */
  close(): Promise<void>;
}

/**
 * Whether a new value of jobs:queueCounters may mean new work. The sums cover only workspaces
 * with work waiting (convex/model/ready-queues.ts), so a workspace leaving that set lowers both.
 * Claims, completions and cancellations only raise `dequeued`, or empty a workspace (dropping it
 * from the sums, or leaving nothing pending anywhere): those wake nobody. Anything else with
 * work left, a submit or a job put back, possibly in the same push as a departure, wakes. A
 * spurious wake costs one empty claim; a missed one waits for the workers' poll.
 */
export function isNewWork(last: QueueCounters | null, next: QueueCounters): boolean {
  if (last === null) return true;
  const pending = next.enqueued - next.dequeued;
  const lastPending = last.enqueued - last.dequeued;
  const onlyLeft = next.enqueued === last.enqueued && next.dequeued >= last.dequeued;
  const workspaceEmptied = next.enqueued < last.enqueued && pending < lastPending;
  return pending > 0 && !onlyLeft && !workspaceEmptied;
}

export function createQueueWatch(convex: ServiceCaller, serviceSecret: string, options: QueueWatchOptions): QueueWatch {
  const onError = options.onError ?? (() => {});
  let client: ConvexClient | null = null;
  const active = new Set<() => void>();

  const feed: CounterFeed =
    "url" in options
      ? (onValue, fail) => {
          // Opened on first use, so a process that never watches (the admin command line) holds no socket.
          client ??= new ConvexClient(options.url);
          const unsubscribe = client.onUpdate(api.jobs.queueCounters, { secret: serviceSecret }, onValue, fail);
          return () => unsubscribe();
        }
      : pollingFeed(convex, options.pollIntervalMs);

  return {
    watchQueue(onChange) {
      let last: QueueCounters | null = null;
      const stop = feed(
        (counters) => {
          const grew = isNewWork(last, counters);
          last = counters;
          if (grew) onChange();
        },
        onError,
      );
      let ended = false;
      const unsubscribe = () => {
        if (ended) return;
        ended = true;
        active.delete(unsubscribe);
        stop();
      };
      active.add(unsubscribe);
      return unsubscribe;
    },
    async close() {
      for (const unsubscribe of [...active]) unsubscribe();
      const open = client;
      client = null;
      await open?.close();
    },
  };
}

/** The test seam: the same query, asked every `intervalMs` (one call at a time). */
function pollingFeed(convex: ServiceCaller, intervalMs: number): CounterFeed {
  return (onValue, fail) => {
    let stopped = false;
    let timer: NodeJS.Timeout | undefined;
    const tick = async () => {
      try {
        const counters = await convex.query(api.jobs.queueCounters, {});
        if (!stopped) onValue(counters);
      } catch (error) {
        if (!stopped) fail(error instanceof Error ? error : new Error(String(error)));
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  };
}
