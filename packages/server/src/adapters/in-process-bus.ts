import type { Bus, Commit, CommitHandler } from '@jiefang/core';

/**
 * The embedded deployment's bus: each commit handed synchronously to this process's
 * subscribers (the world feed), in the order commands publish them. A subscriber that throws is
 * isolated (reported to `onHandlerError`), never blocking others.
 */
export class InProcessBus implements Bus {
  private readonly handlers = new Set<CommitHandler>();

  constructor(private readonly onHandlerError: (error: unknown) => void = () => {}) {}

  async publish(commit: Commit): Promise<void> {
    for (const handler of this.handlers) {
      try {
        handler(commit);
      } catch (error) {
        this.onHandlerError(error);
      }
    }
  }

  subscribe(handler: CommitHandler): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  async close(): Promise<void> {
    this.handlers.clear();
  }
}
