// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { LiveConnection, type LiveSocket, type LiveStatus } from './live-connection.ts';
import type { ServerFrame } from './live-protocol.ts';

class FakeSocket implements LiveSocket {
  readyState = 0;
  sent: unknown[] = [];
  onopen: LiveSocket['onopen'] = null;
  onmessage: LiveSocket['onmessage'] = null;
  onclose: LiveSocket['onclose'] = null;
  onerror: LiveSocket['onerror'] = null;
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }
}

function harness() {
  const sockets: FakeSocket[] = [];
  const timers: { ms: number; run: () => void }[] = [];
  const frames: ServerFrame[] = [];
  const statuses: LiveStatus[] = [];
  let lastSeq = 0;
  const connection = new LiveConnection({
    url: 'ws://test/api/v1/live',
    bbox: [118, 31, 119, 33],
    onFrame: (frame) => {
      frames.push(frame);
      if (frame.type === 'snapshot') lastSeq = frame.seq;
      if (frame.type === 'event') lastSeq = frame.event.seq;
    },
    lastSeq: () => lastSeq,
    onStatus: (status) => statuses.push(status),
    createSocket: () => {
      const socket = new FakeSocket();
      sockets.push(socket);
      return socket;
    },
    random: () => 1,
    setTimeout: (run, ms) => {
      const timer = { ms, run };
      timers.push(timer);
      return timer;
    },
    clearTimeout: () => {},
  });
  return { connection, sockets, timers, frames, statuses };
}

describe('LiveConnection', () => {
  it('subscribes with the bbox and goes live on the snapshot', () => {
    const { connection, sockets, frames, statuses } = harness();
    connection.start();
    sockets[0].open();
    expect(sockets[0].sent).toEqual([{ type: 'subscribe', bbox: [118, 31, 119, 33] }]);
    sockets[0].receive({
      type: 'snapshot',
      seq: 41,
      bbox: [118, 31, 119, 33],
      units: [],
      incidents: [],
      dispatches: [],
    });
    expect(frames).toHaveLength(1);
    expect(statuses).toEqual(['connecting', 'live']);
  });

  it('reconnects with growing delays and resubscribes with lastSeq', () => {
    const { connection, sockets, timers, statuses } = harness();
    connection.start();
    sockets[0].open();
    sockets[0].receive({
      type: 'snapshot',
      seq: 41,
      bbox: [0, 0, 1, 1],
      units: [],
      incidents: [],
      dispatches: [],
    });
    sockets[0].receive({ type: 'event', event: { seq: 45 } });
    sockets[0].drop();
    expect(statuses.at(-1)).toBe('reconnecting');
    expect(timers[0].ms).toBe(500);
    timers[0].run();
    sockets[1].drop(); // the server is still down
    expect(timers[1].ms).toBe(1000);
    timers[1].run();
    sockets[2].open();
    expect(sockets[2].sent).toEqual([{ type: 'subscribe', bbox: [118, 31, 119, 33], lastSeq: 45 }]);
    sockets[2].receive({ type: 'resynced', fromSeq: 45, seq: 47, events: 2 });
    expect(statuses.at(-1)).toBe('live');
    // Back to the first delay after a successful resync.
    sockets[2].drop();
    expect(timers[2].ms).toBe(500);
  });

  it('caps the delay', () => {
    const { connection, sockets, timers } = harness();
    connection.start();
    for (let i = 0; i < 12; i++) {
      sockets[i].drop();
      timers[i].run();
    }
    expect(timers.at(-1)!.ms).toBe(15_000);
  });

  it('stops for good when the session ends (4401)', () => {
    const { connection, sockets, timers, statuses } = harness();
    connection.start();
    sockets[0].open();
    sockets[0].drop(4401);
    expect(statuses.at(-1)).toBe('session_ended');
    expect(timers).toHaveLength(0);
  });

  it('changes the area without reconnecting', () => {
    const { connection, sockets } = harness();
    connection.start();
    sockets[0].open();
    connection.setBBox([118.5, 32, 118.9, 32.2]);
    expect(sockets[0].sent.at(-1)).toEqual({ type: 'subscribe', bbox: [118.5, 32, 118.9, 32.2] });
    expect(sockets).toHaveLength(1);
  });
});
