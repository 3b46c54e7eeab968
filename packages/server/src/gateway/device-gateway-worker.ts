/**
 * A device gateway process (forked by gateway/device-gateways.ts through node:cluster, so every
 * gateway shares the one device port and the server hands each new connection to the next
 * gateway in turn). It holds phones' WebSockets — the part of a city-scale fleet that costs file
 * descriptors, memory and framing work — and relays their frames to the server process, which
 * decides everything. Loaded without the domain: nothing here reaches core's logic or the store.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { secretOf } from '../auth/authenticate.ts';
import { LIVE_LIMITS } from '../live/live-limits.ts';
import {
  GATEWAY_ENV,
  OPEN_TIMEOUT_MS,
  RESERVED_FILES,
  type GatewayToServer,
  type RelayedFrame,
  type ServerToGateway,
} from './gateway-protocol.ts';

const LIVE_PATH = '/api/v1/live';

interface PendingUpgrade {
  request: IncomingMessage;
  socket: Duplex;
  head: Buffer;
  timer: NodeJS.Timeout;
}

/** Open files this process may have: the socket budget is that less what the process needs. */
function softFileLimit(): number {
  try {
    const line = readFileSync('/proc/self/limits', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = Number(line?.replace('Max open files', '').trim().split(/\s+/)[0]);
    return Number.isFinite(soft) ? soft : 1024;
  } catch {
    return 1024;
  }
}

/** The upgrade's cookies by name, for the server's own secretOf (bearer first, then session). */
function cookiesOf(request: IncomingMessage): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    try {
      cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie is no credential: the server answers 401 without it.
    }
  }
  return cookies;
}

/** The server's error body (http/http-errors.ts ErrorBody), for what the gateway answers itself. */
function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const reason = status === 401 ? 'Unauthorized' : status === 404 ? 'Not Found' : 'Unavailable';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`,
  );
}

const maxSockets = Math.max(1, softFileLimit() - RESERVED_FILES);
const sockets = new Map<number, WebSocket>();
const pending = new Map<number, PendingUpgrade>();
/** Frames the server sent for a connection whose upgrade is still being completed. */
const early = new Map<number, string[]>();
let nextConn = 1;
let outbox: RelayedFrame[] = [];
let flushQueued = false;
let shuttingDown = false;

function toServer(message: GatewayToServer): void {
  if (process.connected) process.send!(message);
}

function relay(frame: RelayedFrame): void {
  outbox.push(frame);
  if (flushQueued) return;
  flushQueued = true;
  setImmediate(() => {
    flushQueued = false;
    const frames = outbox;
    outbox = [];
    toServer({ t: 'frames', frames });
  });
}

const wss = new WebSocketServer({
  noServer: true,
  maxPayload: 1024 * 1024,
  perMessageDeflate: false,
});

const http = createServer((request, response) => {
  const path = (request.url ?? '').split('?')[0];
  const status = path === '/health' ? 200 : 404;
  const body =
    status === 200
      ? { ok: true, gateway: Number(process.env[GATEWAY_ENV.index]), connections: sockets.size }
      : errorBody(
          'ERR_ROUTE_NOT_FOUND',
          `the device port serves ${LIVE_PATH} only; no route ${request.method} ${path}`,
        );
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
});
// Beyond this the process would run out of file descriptors: refuse cleanly instead.
http.maxConnections = maxSockets;

http.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
  const path = (request.url ?? '').split('?')[0];
  if (path !== LIVE_PATH) {
    refuse(
      socket,
      404,
      errorBody('ERR_ROUTE_NOT_FOUND', `the device port serves ${LIVE_PATH} only`),
    );
    return;
  }
  if (sockets.size + pending.size >= maxSockets) {
    refuse(
      socket,
      503,
      errorBody('ERR_UNAVAILABLE', `this gateway holds ${maxSockets} sockets, its limit; retry`),
    );
    return;
  }
  const conn = nextConn++;
  const timer = setTimeout(() => {
    if (!pending.delete(conn)) return;
    refuse(socket, 503, errorBody('ERR_UNAVAILABLE', 'the server did not answer in time'));
    toServer({ t: 'closed', conn });
  }, OPEN_TIMEOUT_MS);
  pending.set(conn, { request, socket, head, timer });
  socket.on('error', () => socket.destroy());
  toServer({
    t: 'open',
    conn,
    secret: secretOf(request.headers.authorization, cookiesOf(request)),
  });
});

function opened(conn: number): void {
  const upgrade = pending.get(conn);
  if (!upgrade) return;
  pending.delete(conn);
  clearTimeout(upgrade.timer);
  if (upgrade.socket.destroyed) {
    toServer({ t: 'closed', conn });
    return;
  }
  wss.handleUpgrade(upgrade.request, upgrade.socket, upgrade.head, (ws) => {
    sockets.set(conn, ws);
    ws.on('message', (data: Buffer, isBinary: boolean) =>
      relay(isBinary ? [conn, '', 1] : [conn, data.toString('utf8')]),
    );
    ws.on('close', () => {
      sockets.delete(conn);
      early.delete(conn);
      toServer({ t: 'closed', conn });
      if (shuttingDown && sockets.size === 0) process.exit(0);
    });
    ws.on('error', () => ws.terminate());
    for (const text of early.get(conn) ?? []) send(conn, text);
    early.delete(conn);
  });
}

function send(conn: number, text: string): void {
  const ws = sockets.get(conn);
  if (!ws) {
    if (pending.has(conn)) early.set(conn, [...(early.get(conn) ?? []), text]);
    return;
  }
  if (ws.readyState !== ws.OPEN) return;
  if (ws.bufferedAmount > LIVE_LIMITS.maxBufferedBytes) {
    // Same rule as the main port: a clean resync beats unbounded memory.
    ws.close(1013, 'too far behind: reconnect with lastSeq');
    return;
  }
  ws.send(text);
}

function shutdown(): void {
  shuttingDown = true;
  for (const ws of sockets.values()) ws.close(1001, 'server shutting down');
  for (const [conn, upgrade] of pending) {
    clearTimeout(upgrade.timer);
    refuse(upgrade.socket, 503, errorBody('ERR_UNAVAILABLE', 'the server is shutting down'));
    pending.delete(conn);
  }
  http.close();
  if (sockets.size === 0) process.exit(0);
  // Close handshakes get a moment; a device that does not answer is cut off.
  setTimeout(() => process.exit(0), 1000).unref();
}

process.on('message', (message: ServerToGateway) => {
  switch (message.t) {
    case 'frames':
      for (const [conn, text] of message.frames) send(conn, text);
      return;
    case 'opened':
      return opened(message.conn);
    case 'refused': {
      const upgrade = pending.get(message.conn);
      if (!upgrade) return;
      pending.delete(message.conn);
      clearTimeout(upgrade.timer);
      return refuse(upgrade.socket, message.status, message.body);
    }
    case 'close':
      sockets.get(message.conn)?.close(message.code, message.reason);
      return;
    case 'terminate':
      sockets.get(message.conn)?.terminate();
      return;
    case 'shutdown':
      return shutdown();
  }
});
// Without its server a gateway must not hold phones that nobody answers: they reconnect elsewhere.
process.on('disconnect', () => process.exit(0));

http.listen(Number(process.env[GATEWAY_ENV.port] ?? 0), process.env[GATEWAY_ENV.host]);
