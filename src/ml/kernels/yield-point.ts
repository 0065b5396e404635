import { PlatformError } from '../../core/index.js';

/** How long a kernel may hold the thread before letting timers and abort events run. */
const SLICE_MS = 50;

/**
 * Returns a function to await between iterations: it yields to the event loop once every ~50 ms (so
 * an abort, a timer or a progress message can get through; a synchronous loop would never see its
 * signal flip) and throws `cancelled` when the signal has fired.
 */
export function createYieldPoint(what: string, signal?: AbortSignal): () => Promise<void> {
  let last = performance.now();
  return async () => {
    if (performance.now() - last >= SLICE_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      last = performance.now();
    }
    if (signal?.aborted) throw new PlatformError('cancelled', `${what} was cancelled`);
  };
}
