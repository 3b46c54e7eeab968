/**
 * The IPC messages between the server process and its device gateways
 * (gateway/device-gateways.ts ⇄ gateway/device-gateway-worker.ts). A gateway holds the device
 * sockets and their WebSocket framing; the server keeps every decision — authentication, scope,
 * the live protocol — so a frame means the same on the gateway port as on the main port.
 * Frames are batched per turn of the event loop in both directions: one IPC message carries
 * what a few hundred phones sent, not one message each.
 */

/** One WebSocket text frame of a connection; `binary` frames are relayed so the hub can refuse them. */
export type RelayedFrame = [conn: number, text: string, binary?: 1];

export type GatewayToServer =
  /** An upgrade to /api/v1/live arrived: may it become a socket? */
  | { t: 'open'; conn: number; secret: string | undefined }
  | { t: 'frames'; frames: RelayedFrame[] }
  /** The device socket closed (either side), or the upgrade was abandoned. */
  | { t: 'closed'; conn: number };

export type ServerToGateway =
  | { t: 'opened'; conn: number }
  | { t: 'refused'; conn: number; status: number; body: unknown }
  | { t: 'frames'; frames: [conn: number, text: string][] }
  | { t: 'close'; conn: number; code: number; reason: string }
  | { t: 'terminate'; conn: number }
  /** Close every socket with 1001 and exit. */
  | { t: 'shutdown' };

/** Environment a gateway process is started with. */
export const GATEWAY_ENV = {
  host: 'JIEFANG_GATEWAY_HOST',
  port: 'JIEFANG_GATEWAY_PORT',
  index: 'JIEFANG_GATEWAY_INDEX',
} as const;

/** An upgrade the server has not answered within this time is refused with 503. */
export const OPEN_TIMEOUT_MS = 10_000;

/** File descriptors a gateway keeps for itself (IPC, listening socket, stdio, libraries). */
export const RESERVED_FILES = 256;
