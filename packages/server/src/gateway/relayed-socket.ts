import { EventEmitter } from 'node:events';
import type { LiveSocket } from '../live/live-socket.ts';

const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** The gateway side of one relayed socket, as the server's link to that gateway sees it. */
export interface GatewayPort {
  send(conn: number, text: string): void;
  close(conn: number, code: number, reason: string): void;
  terminate(conn: number): void;
}

/**
 * A device socket held by a gateway process, seen from the server: the live hub talks to it as
 * to any WebSocket. Slow readers are the gateway's to cut off (it sees the real send buffer), so
 * bufferedAmount is always 0 here.
 */
export class RelayedSocket extends EventEmitter implements LiveSocket {
  readonly OPEN = OPEN;
  readonly bufferedAmount = 0;
  private state = OPEN;

  constructor(
    private readonly port: GatewayPort,
    readonly conn: number,
  ) {
    super();
  }

  get readyState(): number {
    return this.state;
  }

  send(text: string): void {
    if (this.state === OPEN) this.port.send(this.conn, text);
  }

  close(code = 1000, reason = ''): void {
    if (this.state !== OPEN) return;
    this.state = CLOSING;
    this.port.close(this.conn, code, reason);
  }

  terminate(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSING;
    this.port.terminate(this.conn);
  }

  /** A frame from the device. */
  receive(text: string, binary: boolean): void {
    if (this.state === OPEN) this.emit('message', Buffer.from(text, 'utf8'), binary);
  }

  /** The gateway reports the socket gone (or the gateway itself died). */
  closed(): void {
    if (this.state === CLOSED) return;
    this.state = CLOSED;
    this.emit('close');
  }
}
