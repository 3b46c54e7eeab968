import { isLiveDispatch } from '@jiefang/core';
import type { AggregateSnapshot, StoredEvent } from '@jiefang/core';
import { openStore } from '@jiefang/store';

const AUDITED_TYPES = ['incident', 'dispatch', 'unit'] as const;
const PAGE = 5000;

export interface ClusterAudit {
  /** Every event in the log, in order (for checks of what consoles received). */
  events: StoredEvent[];
  snapshots: Map<string, AggregateSnapshot>;
  /**
   * Aggregates whose stored version is not their number of events, and dispatches whose unit
   * does not say the same (one transaction writes both): each is a half-applied change.
   */
  halfApplied: string[];
}

/** Reads the cluster's database as the processes left it and checks what must always hold. */
export async function auditCluster(databaseUrl: string): Promise<ClusterAudit> {
  const store = await openStore(databaseUrl);
  try {
    const events: StoredEvent[] = [];
    for (let after = 0; ;) {
      const page = await store.readLog(after, PAGE);
      events.push(...page);
      if (page.length < PAGE) break;
      after = page[page.length - 1].seq;
    }
    const counts = new Map<string, number>();
    for (const event of events) {
      const key = `${event.aggregateType}/${event.aggregateId}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    const snapshots = new Map<string, AggregateSnapshot>();
    for (const type of AUDITED_TYPES) {
      for (const snapshot of await store.list({ aggregateType: type })) {
        snapshots.set(`${type}/${snapshot.aggregateId}`, snapshot);
      }
    }
    const halfApplied: string[] = [];
    for (const [key, snapshot] of snapshots) {
      const count = counts.get(key) ?? 0;
      if (count !== snapshot.version)
        halfApplied.push(`${key}: version ${snapshot.version}, ${count} events`);
      if (snapshot.aggregateType !== 'dispatch') continue;
      const dispatch = snapshot.data as { id: string; unitId: string; status: string };
      const unit = snapshots.get(`unit/${dispatch.unitId}`)?.data as
        { assignment?: { dispatchId: string } } | undefined;
      const engaged = isLiveDispatch(dispatch.status);
      const holds = unit?.assignment?.dispatchId === dispatch.id;
      if (engaged !== holds)
        halfApplied.push(
          `${key}: ${dispatch.status}, unit ${dispatch.unitId} ${holds ? 'holds' : 'does not hold'} it`,
        );
    }
    return { events, snapshots, halfApplied };
  } finally {
    await store.close();
  }
}
