import { parseArgs } from 'node:util';
import { requireOption } from '../arguments.ts';
import { CliUsageError } from '../cli-error.ts';
import { ServerProcess } from '../cluster/server-process.ts';
import { parseBusOption, parsePort } from './serve-command.ts';

export const clusterUsage = `jiefang cluster --nodes N --db postgres://… --bus nats://… --city <city.graph>
             [--port 8080] [--host 127.0.0.1] [--demo]
  Starts N \`jiefang serve\` processes on ports port, port+1, …, port+N-1 of this machine, all on
  one PostgreSQL database and one NATS JetStream stream: a cluster to try out (on several
  machines, run \`jiefang serve --bus\` on each). Output lines are prefixed with the node; Ctrl-C
  stops every node. --port 0 gives each node a free port.`;

const MAX_NODES = 16;

export async function clusterCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      nodes: { type: 'string' },
      db: { type: 'string' },
      bus: { type: 'string' },
      city: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      demo: { type: 'boolean', default: false },
    },
  });
  const nodesText = requireOption(values.nodes, '--nodes');
  const nodes = Number(nodesText);
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_NODES)
    throw new CliUsageError(`--nodes must be 1-${MAX_NODES}, got '${nodesText}'`);
  const databaseUrl = requireOption(values.db ?? process.env.DATABASE_URL, '--db');
  const busUrl = parseBusOption(
    requireOption(values.bus ?? process.env.BUS_URL, '--bus'),
    databaseUrl,
  );
  const city = requireOption(values.city ?? process.env.CITY_GRAPH, '--city');
  const basePort = parsePort(values.port) ?? 8080;
  if (basePort !== 0 && basePort + nodes - 1 > 65535)
    throw new CliUsageError(`--port ${basePort} leaves no room for ${nodes} consecutive ports`);
  const argsOf = (index: number) => [
    '--db',
    databaseUrl,
    '--bus',
    busUrl,
    '--city',
    city,
    '--port',
    String(basePort === 0 ? 0 : basePort + index),
    ...(values.host ? ['--host', values.host] : []),
    ...(values.demo ? ['--demo'] : []),
  ];
  const start = (index: number) =>
    ServerProcess.start({
      args: argsOf(index),
      onLine: (line) => process.stdout.write(`[node ${index + 1}] ${line}\n`),
    });
  // The first node seeds an empty database alone; the others find it seeded.
  const running = [await start(0)];
  running.push(...(await Promise.all(Array.from({ length: nodes - 1 }, (_, i) => start(i + 1)))));
  process.stdout.write(
    `cluster: ${nodes} nodes on ${busUrl}: ${running.map((n) => `${n.url} (pid ${n.pid})`).join(', ')}\n`,
  );
  const stop = () =>
    void Promise.all(running.map((node) => node.stop())).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const codes = await Promise.all(
    running.map((node, index) =>
      node.exited.then((code) => {
        process.stdout.write(`[node ${index + 1}] exited (${code})\n`);
        return code;
      }),
    ),
  );
  return codes.every((code) => code === 0) ? 0 : 1;
}
