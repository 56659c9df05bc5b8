/** Hands out at most `limit` slots at once; waiters are served in arrival order. */
export interface ConcurrencyLimit {
  /**
   * Waits for a slot and returns its release function (call it exactly once), or `undefined`
   * when `signal` aborts first (nothing to release).
   */
  acquire(signal: AbortSignal): Promise<(() => void) | undefined>;
}

export function createConcurrencyLimit(limit: number): ConcurrencyLimit {
  const max = Math.max(1, Math.floor(limit));
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    running--;
    const next = waiting.shift();
    if (next !== undefined) next();
  };
  const slot = () => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire(signal) {
      if (signal.aborted) return Promise.resolve(undefined);
      if (running < max) {
        running++;
        return Promise.resolve(slot());
      }
      return new Promise((resolve) => {
        const grant = () => {
          signal.removeEventListener("abort", onAbort);
          running++;
          resolve(slot());
        };
        const onAbort = () => {
          const at = waiting.indexOf(grant);
          if (at !== -1) waiting.splice(at, 1);
          resolve(undefined);
        };
        waiting.push(grant);
        signal.addEventListener("abort", onAbort, { once: true });
      });
    },
  };
}
