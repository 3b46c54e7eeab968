import { connect } from 'nats';
import pg from 'pg';

/** The PostgreSQL and NATS JetStream that CI provides (their own schema and stream per test). */
export const TEST_POSTGRES_URL =
  process.env.JIEFANG_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_NATS_URL = process.env.JIEFANG_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';

export interface ClusterResources {
  /** A store URL on a fresh schema. */
  databaseUrl: string;
  /** A bus URL on a fresh stream. */
  busUrl: string;
  /** Drops the schema and the stream. */
  cleanup(): Promise<void>;
}

/** A schema and a stream of their own, so tests share the machine's servers without meeting. */
export function clusterResources(
  natsUrl = TEST_NATS_URL,
  postgresUrl = TEST_POSTGRES_URL,
): ClusterResources {
  const suffix = `${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const schema = `jiefang_cluster_${suffix}`;
  const stream = `jiefang_test_${suffix}`;
  const separator = postgresUrl.includes('?') ? '&' : '?';
  return {
    databaseUrl: `${postgresUrl}${separator}schema=${schema}`,
    busUrl: `${natsUrl}?stream=${stream}`,
    async cleanup() {
      const client = new pg.Client({ connectionString: postgresUrl });
      await client.connect();
      try {
        await client.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await client.end();
      }
      const connection = await connect({ servers: natsUrl, maxReconnectAttempts: 2 }).catch(
        () => undefined,
      );
      if (!connection) return;
      try {
        const manager = await connection.jetstreamManager();
        await manager.streams.delete(stream).catch(() => false);
      } finally {
        await connection.close();
      }
    },
  };
}
