/**
 * pgRouting as a reference peer: our travel times are cross-checked against it and the routing
 * benchmark measures it side by side with our engine. Nothing in the product depends on this file.
 */
import pg from 'pg';

export const PGROUTING_DATABASE = 'jiefang_pgrouting';
const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/** Column-oriented edge list; index i of every column describes edge i. */
export interface PgRoutingEdges {
  source: Uint32Array | number[];
  target: Uint32Array | number[];
  /** Cost source → target; `Infinity`, NaN or a negative value means that direction is absent. */
  cost: Float32Array | Float64Array | number[];
  /** Cost target → source; same encoding as `cost`. */
  reverseCost: Float32Array | Float64Array | number[];
}

export interface PgRoutingPeer {
  /** (Re)creates `table` and fills it; edge ids are 1-based positions in the columns. */
  loadEdges(table: string, edges: PgRoutingEdges): Promise<void>;
  /**
   * Shortest directed cost from every source to `target`; unreachable sources are absent.
   * pgRouting runs one search per source (~4 s for 1,000 sources on a 30k-node graph);
   * `reverse: true` gets the same costs from one search on the transposed graph (~0.1 s).
   */
  dijkstraCostManyToOne(
    table: string,
    sources: readonly number[],
    target: number,
    opts?: { reverse?: boolean },
  ): Promise<Map<number, number>>;
  /**
   * The bounded question our reach answers: directed cost from every vertex that reaches `target`
   * within `limitSeconds` (`pgr_drivingDistance` from `target` on the transposed graph); vertices
   * farther away are absent.
   */
  drivingDistanceToTarget(
    table: string,
    target: number,
    limitSeconds: number,
  ): Promise<Map<number, number>>;
  /** Shortest directed cost per pair, in input order; null when unreachable. */
  dijkstraCostPairs(
    table: string,
    pairs: ReadonlyArray<readonly [number, number]>,
  ): Promise<Array<number | null>>;
  dijkstraCostOneToOne(table: string, source: number, target: number): Promise<number | null>;
  dropTable(table: string): Promise<void>;
  /** `pgr_version()`, e.g. "3.4.2". */
  version(): Promise<string>;
  close(): Promise<void>;
}

/** Thrown when the peer cannot be used at all, so tests can tell "no peer" from "wrong answer". */
export class PgRoutingUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'unreachable' | 'not-installed',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PgRoutingUnavailableError';
  }
}

// Unquoted identifiers only (optionally schema-qualified): table names are spliced into SQL text
// because pgRouting takes its edge query as a string, which cannot carry bind parameters.
const TABLE_RE = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

function checkTable(table: string): string {
  if (!TABLE_RE.test(table)) throw new Error(`invalid table name ${JSON.stringify(table)}`);
  return table;
}

function checkVertex(v: number, what: string): number {
  if (!Number.isSafeInteger(v)) throw new Error(`${what} must be an integer vertex id, got ${v}`);
  return v;
}

function edgesSql(table: string, reverse = false): string {
  return reverse
    ? // Swapping the two costs alone transposes every arc (swapping the endpoints as well would not).
      `SELECT id, source, target, reverse_cost AS cost, cost AS reverse_cost FROM ${table}`
    : `SELECT id, source, target, cost, reverse_cost FROM ${table}`;
}

/** pgRouting treats a negative cost as "no edge in this direction"; it has no notion of Infinity. */
function pgCost(c: number): number {
  return Number.isFinite(c) && c >= 0 ? c : -1;
}

function pgErrorCode(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err
    ? String((err as { code: unknown }).code)
    : undefined;
}

const NO_SERVER = new Set(['ECONNREFUSED', 'ENOENT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

async function connect(url: URL): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url.href });
  try {
    await client.connect();
  } catch (err) {
    // Only "no server there" means the peer is absent; bad credentials or a typo in the URL are
    // configuration errors that must not turn into a silently skipped cross-check.
    if (!NO_SERVER.has(pgErrorCode(err) ?? '')) throw err;
    throw new PgRoutingUnavailableError(
      `cannot connect to PostgreSQL at ${url.host}/${url.pathname.slice(1)}: ${(err as Error).message}` +
        ' (is the cluster running? .ci/install-pgrouting.sh starts it)',
      'unreachable',
      { cause: err },
    );
  }
  // An idle client whose server goes away emits 'error'; unhandled, that would kill the process
  // instead of failing the next query.
  client.on('error', () => {});
  return client;
}

/** Names the Debian package(s) missing for `CREATE EXTENSION pgrouting`, or null if none. */
async function missingPackages(client: pg.Client): Promise<string[] | null> {
  const major = Math.floor(
    Number(
      (await client.query<{ v: string }>("SELECT current_setting('server_version_num') AS v"))
        .rows[0].v,
    ) / 10000,
  );
  const { rows } = await client.query<{ requires: string[] | null }>(
    `SELECT v.requires::text[] AS requires FROM pg_available_extensions a
       JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version
      WHERE a.name = 'pgrouting'`,
  );
  if (rows.length === 0) return [`postgresql-${major}-pgrouting`];
  const missing: string[] = [];
  for (const req of rows[0].requires ?? []) {
    const found = await client.query('SELECT 1 FROM pg_available_extensions WHERE name = $1', [
      req,
    ]);
    if (found.rowCount === 0) {
      missing.push(req === 'postgis' ? `postgresql-${major}-postgis-3` : `(extension ${req})`);
    }
  }
  return missing.length > 0 ? missing : null;
}

export async function openPgRouting(opts?: { connectionString?: string }): Promise<PgRoutingPeer> {
  const raw = opts?.connectionString ?? process.env.PGROUTING_URL ?? DEFAULT_URL;
  let adminUrl: URL;
  try {
    adminUrl = new URL(raw);
  } catch {
    // node-postgres lets a connection string override an explicit `database`, so switching to the
    // dedicated database requires rewriting a URL; keyword/value strings cannot be rewritten safely.
    throw new Error('pgRouting connection string must be a postgres:// URL');
  }

  const admin = await connect(adminUrl);
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      PGROUTING_DATABASE,
    ]);
    if (exists.rowCount === 0) {
      try {
        await admin.query(`CREATE DATABASE ${PGROUTING_DATABASE}`);
      } catch (err) {
        // Parallel test workers race here; 23505 is the catalog's unique index losing that race.
        const code = pgErrorCode(err);
        if (code !== '42P04' && code !== '23505') throw err;
      }
    }
  } finally {
    await admin.end();
  }

  const url = new URL(adminUrl.href);
  url.pathname = `/${PGROUTING_DATABASE}`;
  const client = await connect(url);
  try {
    const installed = await client.query("SELECT 1 FROM pg_extension WHERE extname = 'pgrouting'");
    if (installed.rowCount === 0) {
      const missing = await missingPackages(client);
      if (missing) {
        throw new PgRoutingUnavailableError(
          `pgRouting is not installed on the PostgreSQL server at ${url.host}: ` +
            `apt-get install -y ${missing.join(' ')} (or run .ci/install-pgrouting.sh)`,
          'not-installed',
        );
      }
      // Serialised because concurrent CREATE EXTENSION IF NOT EXISTS can still collide.
      await client.query('BEGIN');
      try {
        await client.query("SELECT pg_advisory_xact_lock(hashtext('jiefang_pgrouting_ext'))");
        // CASCADE: the Debian build of pgRouting 3.4 declares `requires = postgis`.
        await client.query('CREATE EXTENSION IF NOT EXISTS pgrouting CASCADE');
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    }
  } catch (err) {
    await client.end();
    throw err;
  }

  return new Peer(client);
}

// Rows per INSERT ... SELECT FROM unnest(...) round trip; large enough that 100k edges take ~10
// round trips, small enough that the text-encoded arrays stay a few hundred kB.
const LOAD_BATCH = 20_000;

class Peer implements PgRoutingPeer {
  constructor(private readonly client: pg.Client) {}

  async loadEdges(table: string, edges: PgRoutingEdges): Promise<void> {
    const name = checkTable(table);
    const n = edges.source.length;
    if (edges.target.length !== n || edges.cost.length !== n || edges.reverseCost.length !== n) {
      throw new Error('loadEdges: source, target, cost and reverseCost must have equal lengths');
    }
    const c = this.client;
    await c.query('BEGIN');
    try {
      await c.query(`DROP TABLE IF EXISTS ${name}`);
      // UNLOGGED: scratch data rebuilt by every run, so WAL would only slow the load down.
      await c.query(
        `CREATE UNLOGGED TABLE ${name} (id bigint, source bigint, target bigint, cost float8, reverse_cost float8)`,
      );
      for (let lo = 0; lo < n; lo += LOAD_BATCH) {
        const hi = Math.min(n, lo + LOAD_BATCH);
        const ids: number[] = [];
        const src: number[] = [];
        const dst: number[] = [];
        const fwd: number[] = [];
        const bwd: number[] = [];
        // Plain arrays on purpose: node-postgres would send a typed array as bytea.
        for (let i = lo; i < hi; i++) {
          ids.push(i + 1);
          src.push(checkVertex(edges.source[i], 'source'));
          dst.push(checkVertex(edges.target[i], 'target'));
          fwd.push(pgCost(edges.cost[i]));
          bwd.push(pgCost(edges.reverseCost[i]));
        }
        await c.query(
          `INSERT INTO ${name} (id, source, target, cost, reverse_cost)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::float8[], $5::float8[])`,
          [ids, src, dst, fwd, bwd],
        );
      }
      await c.query(`CREATE INDEX ON ${name} (source)`);
      await c.query(`CREATE INDEX ON ${name} (target)`);
      await c.query('COMMIT');
    } catch (err) {
      await c.query('ROLLBACK').catch(() => {});
      throw err;
    }
    // Outside the transaction so that the statistics are visible to every session.
    await c.query(`ANALYZE ${name}`);
  }

  async dijkstraCostManyToOne(
    table: string,
    sources: readonly number[],
    target: number,
    opts?: { reverse?: boolean },
  ): Promise<Map<number, number>> {
    const name = checkTable(table);
    checkVertex(target, 'target');
    const srcs = [...new Set(sources.map((s) => checkVertex(s, 'source')))];
    const out = new Map<number, number>();
    if (srcs.length === 0) return out;
    const reverse = opts?.reverse ?? false;
    // On the transposed graph, target → s costs what s → target costs on the original.
    const { rows } = await this.client.query<{ vid: string; agg_cost: number }>(
      reverse
        ? `SELECT end_vid AS vid, agg_cost FROM pgr_dijkstraCost($1::text, $3::bigint, $2::bigint[], directed := true)`
        : `SELECT start_vid AS vid, agg_cost FROM pgr_dijkstraCost($1::text, $2::bigint[], $3::bigint, directed := true)`,
      [edgesSql(name, reverse), srcs, target],
    );
    for (const r of rows) out.set(Number(r.vid), r.agg_cost);
    // pgRouting omits (v, v) rows; its documentation defines their cost as 0.
    if (srcs.includes(target)) out.set(target, 0);
    return out;
  }

  async drivingDistanceToTarget(
    table: string,
    target: number,
    limitSeconds: number,
  ): Promise<Map<number, number>> {
    const name = checkTable(table);
    checkVertex(target, 'target');
    if (!Number.isFinite(limitSeconds) || limitSeconds < 0) {
      throw new Error(`limitSeconds must be a finite non-negative number, got ${limitSeconds}`);
    }
    // On the transposed graph, the distance from target to v is the cost of v → target.
    const { rows } = await this.client.query<{ node: string; agg_cost: number }>(
      'SELECT node, agg_cost FROM pgr_drivingDistance($1::text, $2::bigint, $3::float8, directed := true)',
      [edgesSql(name, true), target, limitSeconds],
    );
    const out = new Map<number, number>();
    for (const r of rows) out.set(Number(r.node), r.agg_cost);
    // The start vertex is its own row (cost 0) in pgRouting 3.x; set it in case a version omits it.
    out.set(target, 0);
    return out;
  }

  async dijkstraCostPairs(
    table: string,
    pairs: ReadonlyArray<readonly [number, number]>,
  ): Promise<Array<number | null>> {
    const name = checkTable(table);
    const keyed = new Map<string, [number, number]>();
    for (const [s, t] of pairs) {
      checkVertex(s, 'source');
      checkVertex(t, 'target');
      if (s !== t) keyed.set(`${s}:${t}`, [s, t]);
    }
    const costs = new Map<string, number>();
    if (keyed.size > 0) {
      const uniq = [...keyed.values()];
      // The combinations query is run by pgRouting via SPI and cannot take bind parameters;
      // inlining is safe because every id has been checked to be an integer.
      const combos =
        `SELECT * FROM unnest(ARRAY[${uniq.map((p) => p[0]).join(',')}]::bigint[], ` +
        `ARRAY[${uniq.map((p) => p[1]).join(',')}]::bigint[]) AS c(source, target)`;
      const { rows } = await this.client.query<{
        start_vid: string;
        end_vid: string;
        agg_cost: number;
      }>(
        'SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost($1::text, $2::text, directed := true)',
        [edgesSql(name), combos],
      );
      for (const r of rows) costs.set(`${r.start_vid}:${r.end_vid}`, r.agg_cost);
    }
    return pairs.map(([s, t]) => (s === t ? 0 : (costs.get(`${s}:${t}`) ?? null)));
  }

  async dijkstraCostOneToOne(
    table: string,
    source: number,
    target: number,
  ): Promise<number | null> {
    const name = checkTable(table);
    checkVertex(source, 'source');
    checkVertex(target, 'target');
    if (source === target) return 0;
    const { rows } = await this.client.query<{ agg_cost: number }>(
      'SELECT agg_cost FROM pgr_dijkstraCost($1::text, $2::bigint, $3::bigint, directed := true)',
      [edgesSql(name), source, target],
    );
    return rows.length > 0 ? rows[0].agg_cost : null;
  }

  async dropTable(table: string): Promise<void> {
    await this.client.query(`DROP TABLE IF EXISTS ${checkTable(table)}`);
  }

  async version(): Promise<string> {
    const { rows } = await this.client.query<{ v: string }>('SELECT pgr_version() AS v');
    return rows[0].v;
  }

  async close(): Promise<void> {
    await this.client.end();
  }
}
