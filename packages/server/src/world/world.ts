import {
  OrgTree,
  type Alert,
  type AreaRule,
  type MissingPersonCase,
  type AssistRequest,
  type ForecastRecord,
  type PatrolPlan,
  type Partner,
  type AggregateSnapshot,
  type Case,
  type CaseSeries,
  type CaseSettings,
  type EditedCatalogue,
  type Dispatch,
  type Incident,
  type Org,
  type Site,
  type StoredResponsePlan,
  type TalkGroup,
  type Unit,
  LIVE_DISPATCH_STATUSES,
} from '@jiefang/core';
import type { JiefangStore } from '@jiefang/store';
import type { Account, Credential } from '../auth/account.ts';
import type { OfferRanking } from '../incidents/recommendation-cache.ts';
import { AggregateType } from './aggregate-types.ts';

const LIVE_STATUSES: Partial<Record<string, string[]>> = {
  [AggregateType.incident]: ['open'],
  [AggregateType.credential]: ['active'],
  [AggregateType.dispatch]: [...LIVE_DISPATCH_STATUSES],
  [AggregateType.offerRanking]: ['active'],
  // Closed cases stay in the store (statistics, reopen reads them back).
  [AggregateType.case]: ['open'],
  [AggregateType.alert]: ['active'],
  [AggregateType.areaRule]: ['active'],
  [AggregateType.missingPerson]: ['open'],
  [AggregateType.assistRequest]: ['open'],
  // Closed patrol plans stay in the store (compliance reads them back).
  [AggregateType.patrolPlan]: ['draft', 'assigned'],
};

interface Versioned<T> {
  value: T;
  version: number;
  /** The org the aggregate belongs to, as stored beside it (plans carry no org of their own). */
  orgId?: string;
  /** When the world first saw it closed or finished (evictFinished drops it later). */
  finishedAt?: number;
}

/** Aggregates that a restart would not load again: closed incidents, finished dispatches. */
const EVICTABLE: ReadonlySet<string> = new Set([
  AggregateType.incident,
  AggregateType.dispatch,
  AggregateType.offerRanking,
]);

function isFinished(type: string, data: unknown): boolean {
  const live = LIVE_STATUSES[type];
  if (!live || !EVICTABLE.has(type)) return false;
  return !live.includes((data as { status: string }).status);
}

/**
 * The server's in-memory read model: current state of every aggregate the dispatch loop needs
 * at memory speed (recommendation over 50,000 units cannot wait for a database). Loaded from the
 * store's current-state table at start, and updated from each committed command's snapshot, so
 * it never holds anything the database does not.
 */
export class World {
  readonly orgs = new Map<string, Versioned<Org>>();
  readonly accounts = new Map<string, Versioned<Account>>();
  readonly accountsByName = new Map<string, string>();
  readonly credentials = new Map<string, Versioned<Credential>>();
  readonly units = new Map<string, Versioned<Unit>>();
  readonly sites = new Map<string, Versioned<Site>>();
  readonly talkGroups = new Map<string, Versioned<TalkGroup>>();
  readonly plans = new Map<string, Versioned<StoredResponsePlan>>();
  readonly incidents = new Map<string, Versioned<Incident>>();
  readonly dispatches = new Map<string, Versioned<Dispatch>>();
  readonly offerRankings = new Map<string, Versioned<OfferRanking>>();
  readonly cases = new Map<string, Versioned<Case>>();
  readonly caseSettings = new Map<string, Versioned<CaseSettings>>();
  readonly alerts = new Map<string, Versioned<Alert>>();
  readonly areaRules = new Map<string, Versioned<AreaRule>>();
  readonly partners = new Map<string, Versioned<Partner>>();
  readonly missingPersons = new Map<string, Versioned<MissingPersonCase>>();
  readonly assistRequests = new Map<string, Versioned<AssistRequest>>();
  readonly forecasts = new Map<string, Versioned<ForecastRecord>>();
  readonly patrolPlans = new Map<string, Versioned<PatrolPlan>>();
  readonly caseSeries = new Map<string, Versioned<CaseSeries>>();
  readonly catalogues = new Map<string, Versioned<EditedCatalogue>>();
  private tree: OrgTree | undefined;
  private unitArray: Unit[] | undefined;
  private readonly unitListeners = new Set<(unit: Unit) => void>();
  /** Bumped on every unit change: caches keyed by it (scope exclusions) know when to rebuild. */
  unitRevision = 0;
  /** Dispatch ids per incident: an incident's dispatches without a pass over all of them. */
  private readonly dispatchIdsByIncident = new Map<string, Set<string>>();

  /** Called with every unit as it changes (the fleet index for recommendation follows this). */
  onUnitChange(listener: (unit: Unit) => void): () => void {
    this.unitListeners.add(listener);
    return () => this.unitListeners.delete(listener);
  }

  static async load(store: JiefangStore): Promise<World> {
    const world = new World();
    for (const type of Object.values(AggregateType)) {
      // Closed incidents and finished dispatches stay in the store (timeline, statistics); the
      // dispatch loop needs only what is live.
      const statuses = LIVE_STATUSES[type];
      const snapshots = await store.list({ aggregateType: type, statuses });
      for (const snapshot of snapshots) world.apply(snapshot);
    }
    return world;
  }

  get orgTree(): OrgTree {
    this.tree ??= new OrgTree([...this.orgs.values()].map((o) => o.value));
    return this.tree;
  }

  /** Units as one array (recommendation's input), rebuilt only after a unit changed. */
  get unitList(): readonly Unit[] {
    this.unitArray ??= [...this.units.values()].map((u) => u.value);
    return this.unitArray;
  }

  version(type: string, id: string): number {
    return this.mapOf(type)?.get(id)?.version ?? 0;
  }

  get<T>(type: string, id: string): T | undefined {
    return this.mapOf(type)?.get(id)?.value as T | undefined;
  }

  /** The dispatches of one incident that the world holds (live ones, and recently finished). */
  dispatchesOf(incidentId: string): Dispatch[] {
    const ids = this.dispatchIdsByIncident.get(incidentId);
    if (!ids) return [];
    const found: Dispatch[] = [];
    for (const id of ids) {
      const dispatch = this.dispatches.get(id)?.value;
      if (dispatch) found.push(dispatch);
    }
    return found;
  }

  /**
   * Drops closed incidents and finished dispatches that were finished before `before` (epoch
   * ms), leaving the world as a restart would load it: a server that runs for days holds what
   * is live, not everything it ever dispatched. Reads of what left fall back to the store
   * (IncidentRecords). The grace keeps late events of a just-finished job deliverable.
   */
  evictFinished(before: number): number {
    let evicted = 0;
    for (const map of [this.incidents, this.offerRankings]) {
      for (const [id, entry] of map) {
        if (entry.finishedAt !== undefined && entry.finishedAt < before) {
          map.delete(id);
          evicted++;
        }
      }
    }
    for (const [id, entry] of this.dispatches) {
      if (entry.finishedAt === undefined || entry.finishedAt >= before) continue;
      this.dispatches.delete(id);
      const ids = this.dispatchIdsByIncident.get(entry.value.incidentId);
      ids?.delete(id);
      if (ids?.size === 0) this.dispatchIdsByIncident.delete(entry.value.incidentId);
      evicted++;
    }
    return evicted;
  }

  apply(
    snapshot: Pick<AggregateSnapshot, 'aggregateType' | 'aggregateId' | 'version' | 'data'> & {
      orgId?: string;
    },
  ): void {
    const map = this.mapOf(snapshot.aggregateType);
    if (map === undefined) return;
    const current = map.get(snapshot.aggregateId);
    // Snapshots can arrive out of order (a command's reply and a bus echo): keep the newest.
    if (current !== undefined && current.version >= snapshot.version) return;
    const finished = isFinished(snapshot.aggregateType, snapshot.data);
    map.set(snapshot.aggregateId, {
      value: snapshot.data,
      version: snapshot.version,
      orgId: snapshot.orgId,
      finishedAt: finished ? (current?.finishedAt ?? Date.now()) : undefined,
    });
    if (snapshot.aggregateType === AggregateType.dispatch) {
      const incidentId = (snapshot.data as Dispatch).incidentId;
      let ids = this.dispatchIdsByIncident.get(incidentId);
      if (!ids) this.dispatchIdsByIncident.set(incidentId, (ids = new Set()));
      ids.add(snapshot.aggregateId);
    }
    if (snapshot.aggregateType === AggregateType.org) this.tree = undefined;
    if (snapshot.aggregateType === AggregateType.unit) {
      this.unitArray = undefined;
      this.unitRevision++;
      for (const listener of this.unitListeners) listener(snapshot.data as Unit);
    }
    if (snapshot.aggregateType === AggregateType.account) {
      const account = snapshot.data as Account;
      this.accountsByName.set(account.username.toLowerCase(), account.id);
    }
  }

  private mapOf(type: string): Map<string, Versioned<unknown>> | undefined {
    switch (type) {
      case AggregateType.org:
        return this.orgs;
      case AggregateType.account:
        return this.accounts;
      case AggregateType.credential:
        return this.credentials;
      case AggregateType.unit:
        return this.units;
      case AggregateType.site:
        return this.sites;
      case AggregateType.talkGroup:
        return this.talkGroups;
      case AggregateType.plan:
        return this.plans;
      case AggregateType.incident:
        return this.incidents;
      case AggregateType.dispatch:
        return this.dispatches;
      case AggregateType.offerRanking:
        return this.offerRankings;
      case AggregateType.case:
        return this.cases;
      case AggregateType.caseSettings:
        return this.caseSettings;
      case AggregateType.alert:
        return this.alerts;
      case AggregateType.areaRule:
        return this.areaRules;
      case AggregateType.partner:
        return this.partners;
      case AggregateType.missingPerson:
        return this.missingPersons;
      case AggregateType.assistRequest:
        return this.assistRequests;
      case AggregateType.forecast:
        return this.forecasts;
      case AggregateType.patrolPlan:
        return this.patrolPlans;
      case AggregateType.caseSeries:
        return this.caseSeries;
      case AggregateType.catalogue:
        return this.catalogues;
      default:
        return undefined;
    }
  }
}
