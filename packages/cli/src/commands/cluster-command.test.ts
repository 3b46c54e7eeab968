import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

/** Bad cluster flags are refused in one line, naming the flag, before anything starts. */
describe('jiefang serve --bus and jiefang cluster', () => {
  const refused = async (...argv: string[]) => {
    let stderr = '';
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = (chunk: string | Uint8Array) => {
      stderr += chunk.toString();
      return true;
    };
    try {
      return { code: await main(argv), stderr };
    } finally {
      process.stderr.write = write;
    }
  };

  it('refuses a bus that is not nats://, and a bus beside a SQLite file', async () => {
    const notNats = await refused(
      'serve',
      '--db',
      'postgres://db/x',
      '--city',
      'c.graph',
      '--bus',
      'redis://x',
    );
    expect(notNats).toEqual({
      code: 2,
      stderr: expect.stringMatching(/--bus must be nats:\/\/host:port/),
    });
    const sqlite = await refused(
      'serve',
      '--db',
      'local.db',
      '--city',
      'c.graph',
      '--bus',
      'nats://127.0.0.1:4222',
    );
    expect(sqlite.code).toBe(2);
    expect(sqlite.stderr).toMatch(/--bus needs --db postgres:\/\//);
  });

  it('refuses a node count out of range and a base port without room', async () => {
    const base = ['--db', 'postgres://db/x', '--bus', 'nats://127.0.0.1:4222', '--city', 'c.graph'];
    expect((await refused('cluster', '--nodes', '0', ...base)).stderr).toMatch(
      /--nodes must be 1-16, got '0'/,
    );
    expect((await refused('cluster', '--nodes', 'three', ...base)).stderr).toMatch(
      /--nodes must be 1-16/,
    );
    const port = await refused('cluster', '--nodes', '3', ...base, '--port', '65534');
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port 65534 leaves no room for 3 consecutive ports/);
    expect(
      (await refused('cluster', '--nodes', '3', '--db', 'postgres://db/x', '--city', 'c.graph'))
        .stderr,
    ).toMatch(/--bus/);
  });
});
