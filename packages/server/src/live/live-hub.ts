import {
  authorize,
  can,
  DomainError,
  DomainErrorCode,
  isLiveDispatch,
  redactContact,
  redactAlert,
  redactContactInEvent,
  rolesMay,
  toldUnitOf,
  type Action,
  type Alert,
  type Dispatch,
  type Incident,
  type MissingPersonCase,
  type PatrolPlan,
  type StoredEvent,
  type Unit,
} from '@jiefang/core';
import type { FastifyBaseLogger } from 'fastify';
import { LIVE_LIMITS } from './live-limits.ts';
import type { LiveSocket } from './live-socket.ts';
import type { Account, Credential } from '../auth/account.ts';
import type { ServerContext } from '../context.ts';
import { ServerErrorCode } from '../http/server-error.ts';
import type { PositionUpdate } from '../positions/position-tracker.ts';
import { CONTACT_READ_ACTION, mayReadContact } from '../incidents/contact-disclosure.ts';
import { AggregateType } from '../world/aggregate-types.ts';
import { ingestFixes, MAX_FIXES_PER_BATCH } from './position-ingest.ts';
import { toUnitView } from './unit-view.ts';
import { currentAssignment } from '../patrol/patrol-assignment.ts';
import { findHeadSeq } from '../world/log-head.ts';

export { findHeadSeq };

/**
 * Events a live client may see: the dispatch picture, alerts (without their personal data) and
 * missing-person cases, never accounts or credentials.
 */
const LIVE_AGGREGATES = new Set<string>([
  AggregateType.incident,
  AggregateType.dispatch,
  AggregateType.unit,
  AggregateType.talkGroup,
  AggregateType.alert,
  AggregateType.missingPerson,
]);

/** The permission that lets a console see an aggregate's events (alert.read for alerts). */
const READ_ACTION: Partial<Record<string, Action>> = {
  [AggregateType.incident]: 'incident.read',
  [AggregateType.dispatch]: 'incident.read',
  [AggregateType.missingPerson]: 'incident.read',
  [AggregateType.alert]: 'alert.read',
};

/**
 * A hit's person or a public post's content is read through GET /alerts/{id}/personal only,
 * audited: the alert's first event goes out without it.
 */
function withoutPersonal(event: StoredEvent): StoredEvent {
  if (event.type !== 'alert.received') return event;
  return { ...event, payload: redactAlert(event.payload as Alert) };
}

export { LIVE_LIMITS };

type BBox = [number, number, number, number];

/** How long a console resuming at a position this process has not reached yet may wait for it. */
const RESUME_WAIT_MS = 2000;

/**
 * One WebSocket connection: a console watching a map area, a device reporting, or both. A socket
 * in device mode (`{type:'device', unitId}`) follows one unit instead of a map area.
 */
class LiveClient {
  bbox: BBox | undefined;
  /** The unit this socket follows in device mode (its own unit and that unit's dispatches). */
  deviceUnitId: string | undefined;
  /** Latest update per unit since the last flush (a unit moving twice in 250 ms is sent once). */
  readonly pending = new Map<string, PositionUpdate>();
  /** Events held back while a resync replay is read from the log. */
  held: StoredEvent[] | undefined;
  lastSentSeq = 0;

  constructor(
    readonly socket: LiveSocket,
    readonly account: Account,
    readonly credentialId: string | undefined,
    /** Parsed once: the message path compares numbers, not ISO strings. */
    readonly expiresAtMs: number,
    readonly scope: Set<string>,
  ) {}

  inBox(lon: number, lat: number): boolean {
    const b = this.bbox!;
    return lon >= b[0] && lon <= b[2] && lat >= b[1] && lat <= b[3];
  }
}

/**
 * The live hub behind GET /api/v1/live (protocol: packages/server/LIVE.md). It fans committed
 * events and position updates out to subscribed clients, filtered by each client's org scope and
 * map area, and takes device positions over the same sockets. Nothing in the message path waits
 * on the database: events come from the bus, positions from the tracker, both in memory; only a
 * resync replay reads the log.
 */
export class LiveHub {
  private readonly clients = new Set<LiveClient>();
  /** The clients with a map subscription; device sockets cost nothing per event or fix. */
  private readonly subscribers = new Set<LiveClient>();
  /**
   * Device-mode sockets by the unit they follow: an event reaches only the sockets of its unit
   * (one map lookup), so 40,000 phones cost nothing per event beyond their own.
   */
  private readonly devices = new Map<string, Set<LiveClient>>();
  private headSeq = 0;
  private readonly headKnown: Promise<void>;
  private readonly unsubscribeBus: () => void;
  private unsubscribePositions: (() => void) | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ctx: ServerContext,
    private readonly log: Pick<FastifyBaseLogger, 'error'>,
  ) {
    this.unsubscribeBus = ctx.bus.subscribe((event) => this.onEvent(event));
    // The head is where the world is, not where the log is: a snapshot never claims a position
    // whose events this process has not applied yet (another process may be ahead).
    this.headSeq = ctx.bus.appliedSeq;
    this.headKnown = Promise.resolve();
    this.timer = setInterval(() => this.flushPositions(), LIVE_LIMITS.flushIntervalMs);
    this.timer.unref();
  }

  get connectionCount(): number {
    return this.clients.size;
  }

  /** Attaches a socket that was authenticated on upgrade. */
  connect(socket: LiveSocket, account: Account, credential: Credential | undefined): void {
    this.attachPositions();
    const scope = new Set(this.ctx.world.orgTree.subtreeIds(account.orgId));
    const expiresAtMs = credential ? Date.parse(credential.expiresAt) : Infinity;
    const client = new LiveClient(socket, account, credential?.id, expiresAtMs, scope);
    this.clients.add(client);
    socket.on('message', (data: Buffer, isBinary: boolean) =>
      this.onMessage(client, data, isBinary),
    );
    socket.on('close', () => {
      this.clients.delete(client);
      this.subscribers.delete(client);
      this.leaveDevice(client);
    });
    socket.on('error', () => socket.terminate());
  }

  close(): void {
    clearInterval(this.timer);
    this.unsubscribeBus();
    this.unsubscribePositions?.();
    for (const client of this.clients) client.socket.close(1001, 'server shutting down');
  }

  private attachPositions(): void {
    if (this.unsubscribePositions) return;
    const tracker = this.ctx.positions;
    if (tracker) this.unsubscribePositions = tracker.onUpdate((update) => this.onPosition(update));
  }

  private onMessage(client: LiveClient, data: Buffer, isBinary: boolean): void {
    if (!this.stillAuthenticated(client)) return;
    if (isBinary)
      return this.error(client, ServerErrorCode.BAD_REQUEST, 'send JSON text frames', 'frame');
    if (data.length > LIVE_LIMITS.maxFrameBytes) {
      return this.error(
        client,
        ServerErrorCode.BODY_TOO_LARGE,
        `frame of ${data.length} bytes; the limit is ${LIVE_LIMITS.maxFrameBytes}`,
        'frame',
      );
    }
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    } catch {
      return this.error(client, ServerErrorCode.BAD_REQUEST, 'the frame is not JSON', 'frame');
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message)) {
      return this.error(client, ServerErrorCode.BAD_REQUEST, 'send a JSON object', 'frame');
    }
    switch (message.type) {
      case 'position':
        return this.onFixes(client, [message], message.id);
      case 'positions': {
        const fixes = message.fixes;
        if (!Array.isArray(fixes) || fixes.length === 0 || fixes.length > MAX_FIXES_PER_BATCH) {
          return this.error(
            client,
            DomainErrorCode.VALIDATION,
            `fixes must be a list of 1 to ${MAX_FIXES_PER_BATCH} positions`,
            'fixes',
          );
        }
        return this.onFixes(client, fixes, message.id);
      }
      case 'subscribe':
        return void this.subscribe(client, message).catch((error: unknown) => {
          this.log.error({ err: error }, 'live subscribe failed');
          this.error(
            client,
            ServerErrorCode.INTERNAL,
            'subscribe failed; see the server log',
            'type',
          );
        });
      case 'device':
        return void this.followUnit(client, message).catch((error: unknown) => {
          this.log.error({ err: error }, 'live device mode failed');
          this.error(client, ServerErrorCode.INTERNAL, 'device failed; see the server log', 'type');
        });
      default:
        return this.error(
          client,
          DomainErrorCode.VALIDATION,
          'type must be subscribe, device, position or positions',
          'type',
        );
    }
  }

  private onFixes(client: LiveClient, fixes: unknown[], id: unknown): void {
    const result = ingestFixes(this.ctx, client.account, fixes);
    const ack: Record<string, unknown> = {
      type: 'ack',
      accepted: result.accepted,
      rejected: result.rejected,
    };
    if (typeof id === 'string' || typeof id === 'number') ack.id = id;
    client.socket.send(JSON.stringify(ack));
  }

  private async subscribe(client: LiveClient, message: Record<string, unknown>): Promise<void> {
    const bbox = parseBBox(message.bbox);
    if (typeof bbox === 'string') {
      return this.error(client, DomainErrorCode.VALIDATION, bbox, 'bbox');
    }
    const lastSeq = message.lastSeq;
    if (lastSeq !== undefined && (!Number.isSafeInteger(lastSeq) || (lastSeq as number) < 0)) {
      return this.error(
        client,
        DomainErrorCode.VALIDATION,
        'lastSeq must be a log position',
        'lastSeq',
      );
    }
    const tree = this.ctx.world.orgTree;
    const account = client.account;
    if (
      !can(account, 'unit.read', account.orgId, tree) &&
      !can(account, 'incident.read', account.orgId, tree)
    ) {
      return this.error(
        client,
        DomainErrorCode.FORBIDDEN,
        `${account.roles.join(', ')} may not watch the live map`,
        'type',
      );
    }
    await this.headKnown;
    if (typeof lastSeq === 'number' && lastSeq > this.headSeq) {
      // Resuming from another process that was ahead of this one: wait (briefly) until this
      // world has caught up to where the console was, then replay from there.
      await this.ctx.bus.reached(lastSeq, { timeoutMs: RESUME_WAIT_MS });
    }
    // From here to the snapshot (or to holding events for the replay) nothing awaits, so no
    // event can fall between what the snapshot shows and what the stream delivers.
    this.leaveDevice(client);
    client.bbox = bbox;
    client.pending.clear();
    this.subscribers.add(client);
    const replayable =
      typeof lastSeq === 'number' &&
      lastSeq <= this.headSeq &&
      this.headSeq - lastSeq <= LIVE_LIMITS.maxReplayEvents;
    if (!replayable) return this.sendSnapshot(client);
    client.held = [];
    let replayed: StoredEvent[];
    try {
      replayed = await this.ctx.store.readLog(lastSeq, LIVE_LIMITS.maxReplayEvents);
    } catch {
      client.held = undefined;
      return this.sendSnapshot(client);
    }
    const held = client.held;
    client.held = undefined;
    let upTo = lastSeq;
    let count = 0;
    for (const event of replayed) {
      upTo = event.seq;
      if (this.sendEvent(client, event)) count++;
    }
    for (const event of held) if (event.seq > upTo && this.sendEvent(client, event)) count++;
    client.lastSentSeq = Math.max(upTo, client.lastSentSeq);
    client.socket.send(
      JSON.stringify({
        type: 'resynced',
        fromSeq: lastSeq,
        seq: Math.max(upTo, this.headSeq),
        events: count,
      }),
    );
    // Positions are not in the log: the client gets where everyone is now.
    this.sendCurrentPositions(client);
  }

  /**
   * Device mode: the socket follows one unit the caller may act for ('dispatch.transition' on it:
   * a responder's own unit, or any unit of a dispatcher's scope). It gets the unit and its
   * current dispatch now, then every event of that unit and of its dispatches, and no map
   * positions. Ends a map subscription of the same socket (and the reverse).
   */
  private async followUnit(client: LiveClient, message: Record<string, unknown>): Promise<void> {
    const unitId = message.unitId;
    if (typeof unitId !== 'string' || unitId === '') {
      return this.error(client, DomainErrorCode.VALIDATION, 'unitId is required', 'unitId');
    }
    const unit = this.ctx.world.get<Unit>(AggregateType.unit, unitId);
    if (!unit) return this.error(client, DomainErrorCode.NOT_FOUND, `no unit ${unitId}`, 'unitId');
    try {
      authorize(client.account, 'dispatch.transition', unit.orgId, this.ctx.world.orgTree, {
        unitId,
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.error(client, error.code, error.message, 'unitId');
    }
    await this.headKnown;
    // Nothing awaits from here to the snapshot: no event falls between it and the stream.
    const current = this.ctx.world.get<Unit>(AggregateType.unit, unitId) ?? unit;
    this.subscribers.delete(client);
    client.bbox = undefined;
    client.pending.clear();
    client.held = undefined;
    this.leaveDevice(client);
    client.deviceUnitId = unitId;
    let sockets = this.devices.get(unitId);
    if (!sockets) this.devices.set(unitId, (sockets = new Set()));
    sockets.add(client);
    const dispatchId = current.assignment?.dispatchId;
    const dispatch = dispatchId
      ? this.ctx.world.get<Dispatch>(AggregateType.dispatch, dispatchId)
      : undefined;
    client.lastSentSeq = this.headSeq;
    this.send(
      client,
      JSON.stringify({
        type: 'device',
        seq: this.headSeq,
        unit: toUnitView(this.ctx, client.account, current, undefined),
        dispatches: dispatch && isLiveDispatch(dispatch.status) ? [dispatch] : [],
        patrol: currentAssignment(this.ctx.world, unitId) ?? null,
      }),
    );
  }

  private leaveDevice(client: LiveClient): void {
    const unitId = client.deviceUnitId;
    if (unitId === undefined) return;
    client.deviceUnitId = undefined;
    const sockets = this.devices.get(unitId);
    sockets?.delete(client);
    if (sockets?.size === 0) this.devices.delete(unitId);
  }

  private sendSnapshot(client: LiveClient): void {
    const world = this.ctx.world;
    const tracker = this.ctx.positions;
    const tree = world.orgTree;
    const account = client.account;
    const units = [];
    if (can(account, 'unit.read', account.orgId, tree)) {
      for (const unit of world.unitList) {
        if (!client.scope.has(unit.orgId)) continue;
        const fix = tracker?.positions.get(unit.id);
        if (!fix || !client.inBox(fix.lon, fix.lat)) continue;
        units.push(toUnitView(this.ctx, account, unit, undefined));
      }
    }
    const incidents = [];
    const incidentReadable = can(account, 'incident.read', account.orgId, tree);
    if (incidentReadable) {
      for (const { value: incident } of world.incidents.values()) {
        if (incident.status !== 'open' || !client.scope.has(incident.orgId)) continue;
        if (!client.inBox(incident.location.lon, incident.location.lat)) continue;
        incidents.push(
          this.contactAllowed(client, incident)
            ? this.audited(client, incident)
            : redactContact(incident),
        );
      }
    }
    const dispatches: Dispatch[] = [];
    if (incidentReadable) {
      for (const { value: dispatch } of world.dispatches.values()) {
        if (client.scope.has(dispatch.orgId) && isLiveDispatch(dispatch.status))
          dispatches.push(dispatch);
      }
    }
    client.lastSentSeq = this.headSeq;
    client.socket.send(
      JSON.stringify({
        type: 'snapshot',
        seq: this.headSeq,
        bbox: client.bbox,
        units,
        incidents,
        dispatches,
      }),
    );
  }

  private sendCurrentPositions(client: LiveClient): void {
    const tracker = this.ctx.positions;
    if (!tracker || !can(client.account, 'unit.read', client.account.orgId, this.ctx.world.orgTree))
      return;
    for (const unit of this.ctx.world.unitList) {
      if (!client.scope.has(unit.orgId)) continue;
      const fix = tracker.positions.get(unit.id);
      if (!fix || !client.inBox(fix.lon, fix.lat)) continue;
      client.pending.set(unit.id, {
        unitId: unit.id,
        orgId: unit.orgId,
        lon: fix.lon,
        lat: fix.lat,
        at: fix.at,
        accuracyM: fix.accuracyM,
        road: fix.snapped ? { lon: fix.snapped.lon, lat: fix.snapped.lat } : null,
      });
    }
  }

  private onEvent(event: StoredEvent): void {
    if (event.seq > this.headSeq) this.headSeq = event.seq;
    // A logout, a revoked token, a disabled account or changed roles end its sockets now, not at
    // their next send.
    if (
      event.aggregateType === AggregateType.credential ||
      event.aggregateType === AggregateType.account
    ) {
      this.closeRevoked();
    }
    if (event.aggregateType === AggregateType.patrolPlan) return this.sendPatrol(event);
    if (!LIVE_AGGREGATES.has(event.aggregateType)) return;
    // Serialised at most twice per event (with and without contact), whatever the client count.
    let plain: string | undefined;
    let redacted: string | undefined;
    for (const client of this.subscribers) {
      const inScope = client.scope.has(event.orgId);
      if (!inScope && !this.toldAbout(client, event)) continue;
      if (client.held) {
        client.held.push(event);
        continue;
      }
      if (event.seq <= client.lastSentSeq) continue;
      client.lastSentSeq = event.seq;
      if (!this.stillAuthenticated(client)) continue;
      if (inScope && !this.mayReceive(client, event)) continue;
      if (
        event.type === 'incident.created' &&
        !this.contactAllowed(client, event.payload as Incident)
      ) {
        redacted ??= JSON.stringify({ type: 'event', event: redactContactInEvent(event) });
        this.send(client, redacted);
      } else {
        if (event.type === 'incident.created') this.audited(client, event.payload as Incident);
        plain ??= JSON.stringify({ type: 'event', event: withoutPersonal(event) });
        this.send(client, plain);
      }
    }
    if (this.devices.size === 0) return;
    // Device mode: the unit's own events and its dispatches' (which carry no reporter contact).
    const unitId =
      event.aggregateType === AggregateType.unit
        ? event.aggregateId
        : event.aggregateType === AggregateType.dispatch
          ? this.ctx.world.get<Dispatch>(AggregateType.dispatch, event.aggregateId)?.unitId
          : undefined;
    const devices = unitId === undefined ? undefined : this.devices.get(unitId);
    if (!devices) return;
    for (const client of devices) {
      if (event.seq <= client.lastSentSeq) continue;
      client.lastSentSeq = event.seq;
      if (!this.stillAuthenticated(client)) continue;
      plain ??= JSON.stringify({ type: 'event', event });
      this.send(client, plain);
    }
  }

  /**
   * A plan assigned, edited, cut by a dispatch or closed: each of its units' phones gets that
   * unit's part now (null when the plan no longer holds for it), never another unit's.
   */
  private sendPatrol(event: StoredEvent): void {
    const plan = this.ctx.world.get<PatrolPlan>(AggregateType.patrolPlan, event.aggregateId);
    if (!plan || plan.status === 'draft') return;
    for (const member of plan.units) {
      const frame = JSON.stringify({
        type: 'patrol',
        seq: event.seq,
        unitId: member.unitId,
        patrol: currentAssignment(this.ctx.world, member.unitId) ?? null,
      });
      for (const client of this.devices.get(member.unitId) ?? []) {
        if (event.seq <= client.lastSentSeq) continue;
        client.lastSentSeq = event.seq;
        if (this.stillAuthenticated(client)) this.send(client, frame);
      }
      // The responder console watches the map of its scope: its own unit's part reaches it too.
      for (const client of this.subscribers)
        if (client.account.unitIds?.includes(member.unitId) && this.stillAuthenticated(client))
          this.send(client, frame);
    }
  }

  /** For replays: the same filter as live delivery, one client at a time. */
  private sendEvent(client: LiveClient, event: StoredEvent): boolean {
    if (!LIVE_AGGREGATES.has(event.aggregateType)) return false;
    if (client.scope.has(event.orgId)) {
      if (!this.mayReceive(client, event)) return false;
    } else if (!this.toldAbout(client, event)) return false;
    let shown = withoutPersonal(event);
    if (event.type === 'incident.created') {
      if (this.contactAllowed(client, event.payload as Incident))
        this.audited(client, event.payload as Incident);
      else shown = redactContactInEvent(event);
    }
    this.send(client, JSON.stringify({ type: 'event', event: shown }));
    return true;
  }

  /**
   * Whole-city linkage: a missing-person case of another org reaches the members of the units
   * its broadcast told (they search for the person), however far their own scope reaches.
   */
  private toldAbout(client: LiveClient, event: StoredEvent): boolean {
    if (event.aggregateType !== AggregateType.missingPerson) return false;
    if (!rolesMay(client.account.roles, 'incident.read')) return false;
    const found = this.ctx.world.get<MissingPersonCase>(
      AggregateType.missingPerson,
      event.aggregateId,
    );
    return found !== undefined && toldUnitOf(client.account, found);
  }

  private mayReceive(client: LiveClient, event: StoredEvent): boolean {
    const action = READ_ACTION[event.aggregateType] ?? 'unit.read';
    return can(client.account, action, event.orgId, this.ctx.world.orgTree);
  }

  private contactAllowed(client: LiveClient, incident: Incident): boolean {
    return incident.reporter === undefined || mayReadContact(this.ctx, client.account, incident);
  }

  /** Reporter contact shown: the read is audited, off the message path. */
  private audited(client: LiveClient, incident: Incident): Incident {
    if (incident.reporter === undefined) return incident;
    this.ctx.store.audit
      .record({
        at: new Date(this.ctx.clock.now()).toISOString(),
        actorId: client.account.id,
        action: CONTACT_READ_ACTION,
        subjectType: 'incident',
        subjectId: incident.id,
        orgId: incident.orgId,
        detail: { via: 'live' },
      })
      .catch((error: unknown) => {
        // Never crash the hub, but an audit row that could not be written must be seen.
        this.log.error({ err: error, incidentId: incident.id }, 'audit of a contact read failed');
      });
    return incident;
  }

  private onPosition(update: PositionUpdate): void {
    for (const client of this.subscribers) {
      if (client.scope.has(update.orgId) && client.inBox(update.lon, update.lat)) {
        client.pending.set(update.unitId, update);
      }
    }
  }

  private flushPositions(): void {
    for (const client of this.subscribers) {
      if (client.pending.size === 0) continue;
      const updates = [...client.pending.values()];
      client.pending.clear();
      this.send(client, JSON.stringify({ type: 'positions', updates }));
    }
  }

  private send(client: LiveClient, text: string): void {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > LIVE_LIMITS.maxBufferedBytes) {
      // Better a clean resync (the client reconnects with lastSeq) than unbounded memory.
      client.socket.close(1013, 'too far behind: reconnect with lastSeq');
      return;
    }
    client.socket.send(text);
  }

  private error(client: LiveClient, code: string, message: string, field: string): void {
    this.send(client, JSON.stringify({ type: 'error', code, message, field }));
  }

  private closeRevoked(): void {
    for (const client of this.subscribers) this.stillAuthenticated(client);
    for (const clients of this.devices.values()) {
      for (const client of clients) this.stillAuthenticated(client);
    }
  }

  private stillAuthenticated(client: LiveClient): boolean {
    const account = this.ctx.world.get<Account>(AggregateType.account, client.account.id);
    const credential =
      client.credentialId === undefined
        ? undefined
        : this.ctx.world.get<Credential>(AggregateType.credential, client.credentialId);
    const valid =
      account !== undefined &&
      !account.disabled &&
      (client.credentialId === undefined ||
        (credential !== undefined &&
          !credential.revoked &&
          client.expiresAtMs > this.ctx.clock.now()));
    if (!valid) {
      if (client.socket.readyState === client.socket.OPEN) {
        client.socket.close(SESSION_ENDED, 'session ended: log in again');
      }
      return false;
    }
    // A changed org or role changes what the socket may see: it closes (the session stays) and
    // the client reconnects under the new scope rather than keep streaming under the old one.
    const sameScope =
      account.orgId === client.account.orgId &&
      account.roles.join() === client.account.roles.join();
    if (sameScope) return true;
    if (client.socket.readyState === client.socket.OPEN) {
      client.socket.close(SCOPE_CHANGED, 'roles or org changed: reconnect');
    }
    return false;
  }
}

/** Close codes: the session is over (do not reconnect); the scope changed (reconnect). */
const SESSION_ENDED = 4401;
const SCOPE_CHANGED = 4409;

/** [west, south, east, north] in degrees, or a message saying what is wrong. */
function parseBBox(value: unknown): BBox | string {
  if (
    !Array.isArray(value) ||
    value.length !== 4 ||
    !value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    return 'bbox must be [west, south, east, north] in degrees';
  }
  const [w, s, e, n] = value as BBox;
  if (w < -180 || e > 180 || s < -90 || n > 90) return 'bbox must lie within -180..180, -90..90';
  if (!(w < e && s < n)) return 'bbox must have west < east and south < north';
  return [w, s, e, n];
}
