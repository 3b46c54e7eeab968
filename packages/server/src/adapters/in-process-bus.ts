import type { Bus, EventHandler, StoredEvent } from '@jiefang/core';

/**
 * The embedded deployment's bus: committed events fanned out to subscribers in this process.
 * A subscriber that throws is isolated (logged by the caller's handler), never blocking others.
 */
export class InProcessBus implements Bus {
  private readonly handlers = new Set<{ handler: EventHandler; types?: Set<string> }>();

  constructor(private readonly onHandlerError: (error: unknown) => void = () => {}) {}

  async publish(events: readonly StoredEvent[]): Promise<void> {
    for (const event of events) {
      for (const entry of this.handlers) {
        if (entry.types && !entry.types.has(event.type)) continue;
        try {
          entry.handler(event);
        } catch (error) {
          this.onHandlerError(error);
        }
      }
    }
  }

  subscribe(handler: EventHandler, types?: readonly string[]): () => void {
    const entry = { handler, types: types ? new Set(types) : undefined };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }
}
