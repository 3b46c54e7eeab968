import type { StoredEvent } from '@jiefang/core';
import type { ServerContext } from '../context.ts';
import { AggregateType } from '../world/aggregate-types.ts';

/**
 * When each unit entered its current status ("on scene for 12 min"). The world keeps only the
 * current state, so this follows the committed status events on the bus; for units whose last
 * change happened before this process started, the unit's history is read once on demand.
 */
export class UnitStatusClock {
  private readonly since = new Map<string, string>();
  private readonly unsubscribe: () => void;

  constructor(private readonly ctx: ServerContext) {
    this.unsubscribe = ctx.bus.subscribe(
      (event) => this.observe(event),
      ['unit.registered', 'unit.status_changed'],
    );
  }

  /** Known without a database read (changed since start), else undefined. */
  sinceCached(unitId: string): string | undefined {
    return this.since.get(unitId);
  }

  /** Reads the unit's history when the time is not known yet. */
  async sinceOf(unitId: string): Promise<string | undefined> {
    const known = this.since.get(unitId);
    if (known) return known;
    const history = await this.ctx.store.history(AggregateType.unit, unitId);
    for (let i = history.length - 1; i >= 0; i--) {
      const event = history[i];
      if (event.type === 'unit.status_changed' || event.type === 'unit.registered') {
        // A bus event may have arrived while reading; the newer one wins.
        const at = this.since.get(unitId) ?? event.at;
        this.since.set(unitId, at);
        return at;
      }
    }
    return undefined;
  }

  close(): void {
    this.unsubscribe();
  }

  private observe(event: StoredEvent): void {
    if (event.aggregateType !== AggregateType.unit) return;
    this.since.set(event.aggregateId, event.at);
  }
}

/** The clock registered on the context (one per server, shared by the routes). */
export function unitStatusClock(ctx: ServerContext): UnitStatusClock {
  let clock = ctx.services.unitStatusClock;
  if (!clock) {
    clock = new UnitStatusClock(ctx);
    ctx.services.unitStatusClock = clock;
  }
  return clock;
}
