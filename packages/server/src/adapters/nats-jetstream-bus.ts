import type { Bus, Commit, CommitHandler } from '@jiefang/core';
import {
  connect,
  DeliverPolicy,
  DiscardPolicy,
  Events,
  nanos,
  RetentionPolicy,
  StorageType,
  type ConsumerMessages,
  type JetStreamClient,
  type NatsConnection,
  type Subscription,
} from 'nats';

/** The stream keeps a day of commits (at most 1 GiB): it carries them, the store keeps them. */
const STREAM_MAX_AGE_MS = 24 * 3600_000;
const STREAM_MAX_BYTES = 1024 ** 3;
/** A commit republished within this window (same first and last seq) is stored once. */
const DUPLICATE_WINDOW_MS = 120_000;
const PUBLISH_TIMEOUT_MS = 2000;
/** Pause before a consumer that ended (broker restarted, stream recreated) is made again. */
const RESUBSCRIBE_DELAY_MS = 500;

const STREAM_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A plain NATS subject: every process, the sender included, gets each message once. */
export interface FanOut<T> {
  send(message: T): void;
  receive(handler: (message: T) => void): void;
}

export interface NatsBusOptions {
  onError?: (error: unknown) => void;
}

/** `nats://host:port?stream=NAME` → the servers and the stream name (default `jiefang`). */
export function parseBusUrl(url: string): { servers: string; stream: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`bus URL ${url} is not a URL (expected nats://host:4222)`);
  }
  if (parsed.protocol !== 'nats:') throw new Error(`bus URL ${url} must start with nats://`);
  const stream = parsed.searchParams.get('stream') ?? 'jiefang';
  if (!STREAM_NAME.test(stream)) {
    throw new Error(`bus stream name ${stream} may hold only letters, digits, _ and -`);
  }
  return { servers: `${parsed.protocol}//${parsed.host}`, stream };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The Bus across processes: every commit is published (after the store committed it) to one
 * JetStream stream, and every process, the publisher included, reads the stream with an
 * ordered consumer from the moment it subscribed. JetStream's order is publish order, not log
 * order; the receiving WorldFeed puts commits in log order and reads from the store what the
 * stream missed. Positions, which are not events, travel on a plain NATS subject (`fanOut`).
 */
export class NatsJetStreamBus implements Bus {
  private readonly handlers = new Set<{ handler: CommitHandler; onDisruption?: () => void }>();
  private messages: ConsumerMessages | undefined;
  private consuming = false;
  private closed = false;
  private readonly subject: string;
  private readonly subscriptions: Subscription[] = [];

  private constructor(
    private readonly connection: NatsConnection,
    private readonly js: JetStreamClient,
    readonly stream: string,
    private readonly onError: (error: unknown) => void,
  ) {
    this.subject = `${stream}.commits`;
  }

  static async connect(url: string, options: NatsBusOptions = {}): Promise<NatsJetStreamBus> {
    const { servers, stream } = parseBusUrl(url);
    const connection = await connect({
      servers,
      name: `jiefang-${process.pid}`,
      // A broker restart is an outage to ride out, not a reason to stop.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    });
    const manager = await connection.jetstreamManager();
    const config = {
      name: stream,
      subjects: [`${stream}.commits`],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      discard: DiscardPolicy.Old,
      max_age: nanos(STREAM_MAX_AGE_MS),
      max_bytes: STREAM_MAX_BYTES,
      duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    };
    try {
      await manager.streams.info(stream);
    } catch {
      try {
        await manager.streams.add(config);
      } catch (error) {
        // Another process created it first.
        await manager.streams.info(stream).catch(() => {
          throw error;
        });
      }
    }
    const bus = new NatsJetStreamBus(
      connection,
      connection.jetstream(),
      stream,
      options.onError ?? (() => {}),
    );
    void bus.watchConnection();
    await bus.consume();
    return bus;
  }

  async publish(commit: Commit): Promise<void> {
    if (commit.events.length === 0) return;
    const first = commit.events[0].seq;
    const last = commit.events[commit.events.length - 1].seq;
    await this.js.publish(this.subject, encoder.encode(JSON.stringify(commit)), {
      msgID: `${first}-${last}`,
      timeout: PUBLISH_TIMEOUT_MS,
    });
  }

  subscribe(handler: CommitHandler, onDisruption?: () => void): () => void {
    const entry = { handler, onDisruption };
    this.handlers.add(entry);
    return () => this.handlers.delete(entry);
  }

  /**
   * Plain NATS subject `<stream>.<topic>`: at-most-once, no storage, for what is not an event
   * (positions). Every process, the sender included, gets each message.
   */
  fanOut<T>(topic: string): {
    send(message: T): void;
    receive(handler: (message: T) => void): void;
  } {
    const subject = `${this.stream}.${topic}`;
    return {
      send: (message) => {
        if (!this.closed) this.connection.publish(subject, encoder.encode(JSON.stringify(message)));
      },
      receive: (handler) => {
        this.subscriptions.push(
          this.connection.subscribe(subject, {
            callback: (error, message) => {
              if (error) return this.onError(error);
              try {
                handler(JSON.parse(decoder.decode(message.data)) as T);
              } catch (failure) {
                this.onError(failure);
              }
            },
          }),
        );
      },
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.handlers.clear();
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    await this.messages?.close();
    await this.connection.drain().catch(() => this.connection.close());
  }

  private deliver(data: Uint8Array): void {
    let commit: Commit;
    try {
      commit = JSON.parse(decoder.decode(data)) as Commit;
    } catch (error) {
      return this.onError(error);
    }
    for (const { handler } of this.handlers) {
      try {
        handler(commit);
      } catch (error) {
        this.onError(error);
      }
    }
  }

  private disrupted(): void {
    for (const { onDisruption } of this.handlers) onDisruption?.();
  }

  /** An ordered consumer from now on; made again whenever it ends while the bus is open. */
  private async consume(): Promise<void> {
    if (this.consuming || this.closed) return;
    this.consuming = true;
    try {
      const consumer = await this.js.consumers.get(this.stream, {
        deliver_policy: DeliverPolicy.New,
        filterSubjects: this.subject,
      });
      const messages = await consumer.consume({
        callback: (message) => this.deliver(message.data),
      });
      this.messages = messages;
      void messages.closed().then(() => {
        this.consuming = false;
        if (this.closed) return;
        this.disrupted();
        setTimeout(() => void this.consume(), RESUBSCRIBE_DELAY_MS).unref();
      });
    } catch (error) {
      this.consuming = false;
      if (this.closed) return;
      this.onError(error);
      setTimeout(() => void this.consume(), RESUBSCRIBE_DELAY_MS).unref();
    }
  }

  private async watchConnection(): Promise<void> {
    for await (const status of this.connection.status()) {
      // Commits published while the connection was down reached no one: read them from the log.
      if (status.type === Events.Reconnect) this.disrupted();
    }
  }
}
