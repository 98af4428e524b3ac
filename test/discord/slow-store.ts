import type { Store } from "../../core/ports/store.ts";

/** The delay every store call waits before it runs; tests change `ms` between phases. */
export interface StoreDelay {
  ms: number;
}

/**
 * The real store behind a delay on every call of every sub-store (workspaces, jobs, ...), as a
 * distant or overloaded database would answer. Only the network-like latency is fake: the
 * calls, their results and their transactions are the real store's.
 */
export function slowStore(store: Store, delay: StoreDelay): Store {
  const wrapped = new Map<PropertyKey, unknown>();
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (key === "close" || key === "watchQueue" || typeof value !== "object" || value === null) return value;
      if (!wrapped.has(key)) wrapped.set(key, delayed(value, delay));
      return wrapped.get(key);
    },
  });
}

function delayed<T extends object>(part: T, delay: StoreDelay): T {
  return new Proxy(part, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        if (delay.ms > 0) await new Promise((resolve) => setTimeout(resolve, delay.ms));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}
