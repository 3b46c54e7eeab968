/**
 * One-off seeding step of the load tool (packages/sim/src/load): writes the load organisation
 * into a new SQLite (or PostgreSQL) store before `jiefang serve` opens it.
 *
 *   JIEFANG_LOAD_KEY=<secret> tsx packages/server/src/load-seed/seed-load-command.ts \
 *     --db <file.db> --city <city.graph> --responders 41000 --police 3000 [--seed 1]
 *
 * Prints one JSON line: {"orgs","units","devices","aggregates","seconds"}.
 */
import { parseArgs } from 'node:util';
import { createServer } from '../app.ts';
import { defaultConfig } from '../config.ts';
import { seedLoadOrganisation } from './seed-load.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    city: { type: 'string' },
    responders: { type: 'string', default: '0' },
    police: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
  },
});
const key = process.env.JIEFANG_LOAD_KEY;
if (!values.db || !values.city || !key) {
  process.stderr.write('usage: JIEFANG_LOAD_KEY=… seed-load-command --db <db> --city <graph>\n');
  process.exit(2);
}
const server = await createServer(
  defaultConfig({ databaseUrl: values.db, cityGraph: values.city, basemap: '', logLevel: 'warn' }),
);
try {
  const result = await seedLoadOrganisation(
    server.ctx,
    {
      responders: Number(values.responders),
      police: Number(values.police),
      seed: Number(values.seed),
      key,
    },
    (line) => process.stderr.write(`${line}\n`),
  );
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await server.close();
}
