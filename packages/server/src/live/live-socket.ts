/**
 * The slice of a WebSocket the live hub uses. A `ws` socket on the main port is one; so is a
 * device gateway's relayed socket (gateway/relayed-socket.ts), whose frames cross a process
 * boundary — the hub cannot tell them apart, so both doors speak the same protocol.
 */
export interface LiveSocket {
  readonly readyState: number;
  readonly OPEN: number;
  readonly bufferedAmount: number;
  send(text: string): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
