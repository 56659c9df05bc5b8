/** Whether `done` settled before the timeout / abort. */
export async function raceDone(
  done: Promise<void>,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted === true) return false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onAbort: (() => void) | undefined;
  const gaveUp = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), clampDelay(timeoutMs));
    onAbort = () => resolve(false);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([done.then(() => true as const), gaveUp]);
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener("abort", onAbort);
  }
}

/** setTimeout fires at once for delays above 2^31-1 ms. */
export function clampDelay(ms: number): number {
  return Math.min(Math.max(0, ms), 2_147_483_647);
}
