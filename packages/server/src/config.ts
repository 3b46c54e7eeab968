import { DEFAULT_POLICE_FLOOR, isTimeZone } from '@jiefang/core';

/** How a server instance runs; `jiefang serve` and `npm start` fill it from flags and env. */
export interface ServerConfig {
  host: string;
  port: number;
  /** Store URL: `postgres://…` or a SQLite file path (see @jiefang/store openStore). */
  databaseUrl: string;
  /**
   * Where committed events travel between processes: '' = in this process only (one server on
   * its own database); `nats://host:4222` = NATS JetStream, for several processes on one
   * PostgreSQL (`?stream=NAME` picks the stream, default `jiefang`).
   */
  busUrl: string;
  /** Path of the city's graph file. */
  cityGraph: string;
  /** Path of the city's basemap file (`jiefang import` writes `<graph>.basemap.json.gz`). */
  basemap: string;
  /** Sessions last this long without activity (seconds). */
  sessionTtlSeconds: number;
  /** Set the Secure flag on cookies (behind HTTPS). */
  secureCookies: boolean;
  /** Failed or successful logins allowed per minute for one user name from one client address. */
  loginAttemptsPerMinute: number;
  /**
   * Which proxies to believe for the client address (X-Forwarded-For), as Fastify's `trustProxy`:
   * false, true (any), a hop count, or addresses/CIDRs. Behind nginx/HAProxy set it, or every
   * login would seem to come from the proxy (TRUST_PROXY=true | 1 | 10.0.0.0/8,127.0.0.1).
   */
  trustProxy: boolean | number | string[];
  /**
   * Origins (scheme://host:port) other than the server's own allowed to open the live WebSocket
   * from a browser (ALLOWED_ORIGINS, comma-separated). Clients without an Origin (devices) pass.
   */
  allowedOrigins: string[];
  /**
   * Port of the Prometheus endpoint `GET /metrics` (METRICS_PORT; unset = not served, 0 = any
   * free port). It has no login, so it listens on `metricsHost` (METRICS_HOST, default loopback):
   * expose it to the monitoring network only.
   */
  metricsPort: number | undefined;
  metricsHost: string;
  /** Positions older than this are not used for recommendation (seconds). */
  staleAfterSeconds: number;
  /** Largest JSON body accepted (bytes). */
  bodyLimitBytes: number;
  /**
   * A JSON file with the city's incident catalogue (`[{code, names:{zh,en}, defaultPriority,
   * policeMatter, departmentKind?}]`); empty for the built-in one.
   */
  catalogueFile: string;
  /** A new incident of the same category within this radius and time of an open one is a probable duplicate. */
  duplicateRadiusMetres: number;
  duplicateMinutes: number;
  /** Police units each area keeps available through a mobilisation (overridable with a reason). */
  mobilisePoliceFloor: number;
  /**
   * Level of Fastify's pino logger (LOG_LEVEL, default 'info': one structured line per request
   * completed and every error with its stack); 'silent' in tests.
   */
  logLevel: string;
  /**
   * Device gateway processes (gateway/device-gateways.ts) holding phones' WebSockets on their
   * own port; 0 = phones connect to the main port like consoles. Needed where one process may
   * not open as many files as the fleet has phones.
   */
  deviceGateways: number;
  /** The gateways' shared port; 0 = a free one. */
  devicePort: number;
  /**
   * The city's time zone (IANA name; TIME_ZONE, default the process's): "today" and the hours of
   * the day are counted in it, and the console shows every time in it.
   */
  timeZone: string;
}

export function defaultConfig(overrides: Partial<ServerConfig> = {}): ServerConfig {
  return {
    host: process.env.HOST ?? '127.0.0.1',
    port: Number(process.env.PORT ?? 8080),
    databaseUrl: process.env.DATABASE_URL ?? ':memory:',
    busUrl: process.env.BUS_URL ?? '',
    cityGraph: process.env.CITY_GRAPH ?? '',
    basemap: process.env.BASEMAP ?? '',
    sessionTtlSeconds: 12 * 3600,
    secureCookies: process.env.SECURE_COOKIES === 'true',
    loginAttemptsPerMinute: 10,
    trustProxy: parseTrustProxy(process.env.TRUST_PROXY),
    metricsPort: process.env.METRICS_PORT ? Number(process.env.METRICS_PORT) : undefined,
    metricsHost: process.env.METRICS_HOST ?? '127.0.0.1',
    allowedOrigins: (process.env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    staleAfterSeconds: 120,
    bodyLimitBytes: 1024 * 1024,
    catalogueFile: process.env.CATALOGUE ?? '',
    duplicateRadiusMetres: Number(process.env.DUPLICATE_RADIUS_M ?? 200),
    duplicateMinutes: Number(process.env.DUPLICATE_MINUTES ?? 15),
    mobilisePoliceFloor: countFromEnv('MOBILISE_POLICE_FLOOR', DEFAULT_POLICE_FLOOR),
    logLevel: logLevelFromEnv(),
    deviceGateways: Number(process.env.DEVICE_GATEWAYS ?? 0),
    devicePort: Number(process.env.DEVICE_PORT ?? 0),
    timeZone: timeZoneFromEnv(),
    ...overrides,
  };
}

/** TRUST_PROXY: unset/false → false; true → true; a whole number → hops; else a list. */
export function parseTrustProxy(text: string | undefined): boolean | number | string[] {
  const value = (text ?? '').trim();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A count from the environment; a value that is not a non-negative integer stops the start. */
function countFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number of 0 or more, not "${raw}"`);
  }
  return value;
}

/** TIME_ZONE, checked: an unknown zone stops the start instead of counting days in UTC. */
function timeZoneFromEnv(): string {
  const raw = process.env.TIME_ZONE;
  if (raw === undefined || raw === '') return Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!isTimeZone(raw))
    throw new Error(`TIME_ZONE must be an IANA time zone such as Asia/Shanghai, not "${raw}"`);
  return raw;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** LOG_LEVEL, checked: a misspelt level stops the start instead of silencing the log. */
function logLevelFromEnv(): string {
  const raw = process.env.LOG_LEVEL;
  if (raw === undefined || raw === '') return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new Error(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${raw}"`);
  }
  return raw;
}
