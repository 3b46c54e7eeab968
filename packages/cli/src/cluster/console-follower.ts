import WebSocket from 'ws';

interface Login {
  username: string;
  password: string;
}

/**
 * A dispatcher console on a cluster: follows the live events of a map area and, whenever its
 * process goes away, reconnects to another and resumes from the last sequence it saw (as the
 * web console does behind a proxy). Keeps every event sequence it received, so a run can tell
 * which committed events a console never got.
 */
export class ConsoleFollower {
  /** Sequences of the events received, in arrival order. */
  readonly seqs: number[] = [];
  /** The log position of the first snapshot: events after it must all arrive. */
  startSeq: number | undefined;
  /** Reconnects that got a snapshot instead of a replay (the events in between never came). */
  snapshotsAfterStart = 0;
  reconnects = 0;
  private socket: WebSocket | undefined;
  private node: number;
  private stopped = false;

  constructor(
    private readonly nodes: () => readonly string[],
    private readonly login: Login,
    private readonly bbox: readonly number[],
    start: number,
  ) {
    this.node = start;
  }

  get lastSeq(): number | undefined {
    return this.seqs.length > 0 ? this.seqs[this.seqs.length - 1] : this.startSeq;
  }

  /** Resolves once the first snapshot arrived. */
  async start(): Promise<void> {
    await this.connect();
    while (this.startSeq === undefined) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  stop(): void {
    this.stopped = true;
    this.socket?.close();
  }

  private async connect(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const nodes = this.nodes();
      const url = nodes[this.node % nodes.length];
      try {
        await this.open(url);
        return;
      } catch {
        this.node++;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  private async open(url: string): Promise<void> {
    const response = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(this.login),
      signal: AbortSignal.timeout(5000),
    });
    if (response.status !== 200) throw new Error(`login: ${response.status}`);
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/live`, {
      headers: { cookie },
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    this.socket = socket;
    const resuming = this.lastSeq;
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as {
        type: string;
        seq?: number;
        event?: { seq: number };
      };
      if (message.type === 'snapshot') {
        if (this.startSeq === undefined) this.startSeq = message.seq;
        else this.snapshotsAfterStart++;
      } else if (message.type === 'event' && message.event) {
        this.seqs.push(message.event.seq);
      }
    });
    socket.on('error', () => {});
    socket.once('close', () => {
      if (this.stopped) return;
      this.reconnects++;
      this.node++;
      void this.connect();
    });
    socket.send(
      JSON.stringify({
        type: 'subscribe',
        bbox: this.bbox,
        ...(resuming === undefined ? {} : { lastSeq: resuming }),
      }),
    );
  }
}
