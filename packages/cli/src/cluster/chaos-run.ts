import { auditCluster } from './cluster-audit.ts';
import { ClusterClient } from './cluster-client.ts';
import { ConsoleFollower } from './console-follower.ts';
import { ServerProcess } from './server-process.ts';

const DISPATCHER = { username: 'dispatcher', password: 'dispatcher-demo-2026' };
const ADMIN = { username: 'admin', password: 'admin-demo-2026' };
/**
 * Every REOFFER_EVERY-th incident is a noise call sent with the one key and never answered: its
 * plan (created by the run) gives units REOFFER_TIMEOUT_S to accept, so the scheduler leader
 * times offers out and re-offers down the ranking all through the run, across kills of the leader.
 */
const REOFFER_EVERY = 3;
const REOFFER_TIMEOUT_S = 2;
const CONSOLE_DELIVERY_MS = 30_000;
const STEPS = ['accept', 'depart', 'arrive', 'clear'] as const;
/** The demo city's centre and a box around it (every console watches the whole demo). */
const CENTRE = { lon: 118.7842, lat: 32.0413 };
const BBOX = [118.6, 31.9, 119.0, 32.2];

export interface ChaosOptions {
  nodes: number;
  seconds: number;
  killEverySeconds: number;
  workers: number;
  databaseUrl: string;
  busUrl: string;
  cityGraph: string;
  log?: (line: string) => void;
}

export interface ChaosReport {
  nodes: number;
  kills: number;
  /** Writes a client got a 2xx for. */
  acknowledged: number;
  /** Acknowledged writes the database does not hold afterwards. */
  lost: number;
  /** Aggregates whose version is not their event count; dispatches their unit disagrees with. */
  half_applied: number;
  /** (incident, unit) pairs offered by more than one dispatch. */
  duplicate_offers: number;
  /** Offers the scheduler made after unanswered ones timed out (the path duplicate_offers checks). */
  reoffers: number;
  /**
   * Longest time from a kill -9 until every client writes again, acknowledged, through another
   * process (client failover; not the scheduler's leader takeover).
   */
  max_failover_s: number;
  /** Committed events of the clients' org that some console never received. */
  console_gaps: number;
}

/**
 * A bounded chaos run: `nodes` server processes on one PostgreSQL and one NATS stream, clients
 * creating incidents and running dispatches through their lifecycle against all of them,
 * consoles following on every node, and every `killEverySeconds` a random process killed with
 * SIGKILL and started again. Afterwards the database is audited.
 */
export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const log = options.log ?? (() => {});
  const args = (demo: boolean) => [
    '--db',
    options.databaseUrl,
    '--bus',
    options.busUrl,
    '--city',
    options.cityGraph,
    '--port',
    '0',
    ...(demo ? ['--demo'] : []),
  ];
  const env = { ...process.env, LOG_LEVEL: 'error' };
  const nodes: ServerProcess[] = [await ServerProcess.start({ args: args(true), env })];
  for (let i = 1; i < options.nodes; i++)
    nodes.push(await ServerProcess.start({ args: args(false), env }));
  // A killed node's URL stays in the list until it is back: clients find it refused and move on.
  const urls = () => nodes.map((node) => node.url);
  log(`chaos: ${options.nodes} nodes up: ${urls().join(' ')}`);

  const consoles = nodes.map((_, i) => new ConsoleFollower(urls, DISPATCHER, BBOX, i));
  await Promise.all(consoles.map((c) => c.start()));

  const probe = new ClusterClient(urls, DISPATCHER);
  const units = (
    (await (await probe.request('GET', '/api/v1/units'))!.json()) as { id: string }[]
  ).map((u) => u.id);

  const admin = new ClusterClient(urls, ADMIN);
  const plan = await admin.request('POST', '/api/v1/plans', {
    orgId: 'station-1',
    name: 'chaos: unanswered offers',
    categoryCode: 'noise',
    priorities: [],
    preemptLowerPriority: false,
    tiers: [
      {
        tier: 1,
        acceptTimeoutSeconds: REOFFER_TIMEOUT_S,
        units: [{ kinds: ['police', 'community', 'grid'], count: 1 }],
      },
    ],
  });
  if (plan?.status !== 201)
    throw new Error(`chaos: creating the re-offer plan answered ${plan?.status}`);

  const ackedIncidents = new Set<string>();
  const ackedSteps = new Map<string, number>();
  const lastAck = new Map<number, number>();
  /** Incidents sent with the one key whose offers nobody answers. */
  const oneKeyIncidents = new Set<string>();
  let acknowledged = 0;
  let stop = false;
  let counter = 0;
  const ack = (worker: number) => {
    acknowledged++;
    lastAck.set(worker, Date.now());
  };

  const worker = async (w: number) => {
    const client = new ClusterClient(urls, DISPATCHER, w);
    while (!stop) {
      const n = counter++;
      const unanswered = n % REOFFER_EVERY === REOFFER_EVERY - 1;
      const created = await client.request(
        'POST',
        '/api/v1/incidents',
        {
          source: 'call',
          categoryCode: unanswered ? 'noise' : 'fight',
          orgId: 'station-1',
          location: { lon: CENTRE.lon + (n % 7) * 0.0003, lat: CENTRE.lat + (n % 5) * 0.0003 },
          description: `chaos ${w}/${n}`,
        },
        { 'idempotency-key': `chaos-incident-${w}-${n}` },
      );
      if (created?.status !== 201) {
        await pause(100);
        continue;
      }
      const incident = (await created.json()) as { id: string };
      ackedIncidents.add(incident.id);
      ack(w);
      if (unanswered) {
        const sent = await client.request(
          'POST',
          `/api/v1/incidents/${incident.id}/dispatch-recommended`,
          {},
          { 'idempotency-key': `chaos-one-key-${w}-${n}` },
        );
        if (sent?.status === 201) {
          oneKeyIncidents.add(incident.id);
          ack(w);
        }
        continue;
      }
      const dispatched = await client.request(
        'POST',
        '/api/v1/dispatches',
        { incidentId: incident.id, unitId: units[n % units.length], tier: 3 },
        { 'idempotency-key': `chaos-dispatch-${w}-${n}` },
      );
      if (dispatched?.status !== 201) continue;
      const dispatch = (await dispatched.json()) as { id: string };
      ackedSteps.set(dispatch.id, 0);
      ack(w);
      for (let step = 0; step < STEPS.length && !stop; step++) {
        const moved = await client.request(
          'POST',
          `/api/v1/dispatches/${dispatch.id}/${STEPS[step]}`,
          {},
        );
        if (moved?.status !== 200) break;
        ackedSteps.set(dispatch.id, step + 1);
        ack(w);
      }
    }
  };
  const workers = Array.from({ length: options.workers }, (_, w) => worker(w));

  let kills = 0;
  let maxFailoverS = 0;
  const restarting = new Set<Promise<void>>();
  const up = new Set(nodes.map((_, i) => i));
  const started = Date.now();
  const left = () => options.seconds * 1000 - (Date.now() - started);
  while (left() > 0) {
    await pause(Math.min(options.killEverySeconds * 1000, left()));
    if (left() <= 0) break;
    // A node still starting again is not killed (the run keeps a majority serving).
    const candidates = [...up];
    if (candidates.length < 2) continue;
    const victim = candidates[Math.floor(Math.random() * candidates.length)];
    const killedAt = Date.now();
    await nodes[victim].kill();
    up.delete(victim);
    kills++;
    log(`chaos: kill -9 node ${victim + 1} (pid ${nodes[victim].pid})`);
    // Started again in the background while the clients move to the surviving processes.
    const restart = ServerProcess.start({ args: args(false), env }).then((node) => {
      nodes[victim] = node;
      up.add(victim);
      log(`chaos: node ${victim + 1} back (pid ${node.pid})`);
    });
    restarting.add(restart);
    void restart.finally(() => restarting.delete(restart));
    // Every client writes again, acknowledged, through a surviving process.
    const recovered = await waitFor(
      () => [...Array(options.workers).keys()].every((w) => (lastAck.get(w) ?? 0) > killedAt),
      30_000,
    );
    const failoverS = (Date.now() - killedAt) / 1000;
    maxFailoverS = Math.max(maxFailoverS, recovered ? failoverS : Infinity);
    log(`chaos: clients moved in ${failoverS.toFixed(2)} s`);
  }
  await Promise.all(restarting);
  stop = true;
  await Promise.allSettled(workers);
  const audit = await auditCluster(options.databaseUrl);
  const endSeq = audit.events.length > 0 ? audit.events[audit.events.length - 1].seq : 0;
  // What each console must have received: every committed incident and dispatch event of the
  // clients' org after its snapshot.
  const owed = consoles.map((c) =>
    audit.events
      .filter(
        (event) =>
          event.seq > (c.startSeq ?? endSeq) &&
          event.orgId === 'station-1' &&
          (event.aggregateType === 'incident' || event.aggregateType === 'dispatch'),
      )
      .map((event) => event.seq),
  );
  const missing = (i: number) => {
    const got = new Set(consoles[i].seqs);
    return owed[i].filter((seq) => !got.has(seq)).length;
  };
  // Delivery is asynchronous: a loaded machine may still be carrying the last commands' events.
  // A console that is still short after this long has lost them.
  await waitFor(() => consoles.every((_, i) => missing(i) === 0), CONSOLE_DELIVERY_MS);
  const consoleGaps = consoles.reduce((sum, _, i) => sum + missing(i), 0);
  for (const c of consoles) c.stop();
  let lost = 0;
  for (const id of ackedIncidents) if (!audit.snapshots.has(`incident/${id}`)) lost++;
  const order = ['notified', 'accepted', 'en_route', 'on_scene', 'cleared'];
  for (const [id, step] of ackedSteps) {
    const stored = audit.snapshots.get(`dispatch/${id}`)?.data as { status: string } | undefined;
    if (!stored || order.indexOf(stored.status) < step) lost++;
  }
  const offers = new Map<string, number>();
  for (const event of audit.events) {
    if (event.type !== 'dispatch.created') continue;
    const d = event.payload as { incidentId: string; unitId: string };
    const key = `${d.incidentId}/${d.unitId}`;
    offers.set(key, (offers.get(key) ?? 0) + 1);
  }
  const duplicateOffers = [...offers.values()].filter((count) => count > 1).length;
  for (const [key, count] of offers) if (count > 1) log(`chaos: ${key} offered ${count} times`);
  // Offers of an unanswered incident after its first are the scheduler's re-offers (the one key
  // offers nothing when every unit is taken).
  const offersPerIncident = new Map<string, number>();
  for (const [key, count] of offers) {
    const incidentId = key.slice(0, key.lastIndexOf('/'));
    if (oneKeyIncidents.has(incidentId))
      offersPerIncident.set(incidentId, (offersPerIncident.get(incidentId) ?? 0) + count);
  }
  let reoffers = 0;
  for (const count of offersPerIncident.values()) reoffers += Math.max(0, count - 1);
  await Promise.all(nodes.map((node) => node.stop()));
  return {
    nodes: options.nodes,
    kills,
    acknowledged,
    lost,
    half_applied: audit.halfApplied.length,
    duplicate_offers: duplicateOffers,
    reoffers,
    max_failover_s: Math.round(maxFailoverS * 100) / 100,
    console_gaps: consoleGaps,
  };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await pause(50);
  }
  return true;
}
