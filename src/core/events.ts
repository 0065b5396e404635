// biome-ignore lint/suspicious/noExplicitAny: listener storage is keyed by event; types are enforced by on/emit.
type AnyListener = (...args: any[]) => void;

/** A small typed event emitter: `TypedEvents<{ progress: [number] }>`. Listeners' errors are isolated. */
export class TypedEvents<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, Set<AnyListener>>();

  on<K extends keyof Events>(event: K, listener: (...args: Events[K]) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of set) {
      try {
        listener(...args);
      } catch {
        // A faulty observer must not break the emitter (e.g. a closed SSE stream).
      }
    }
  }

  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
