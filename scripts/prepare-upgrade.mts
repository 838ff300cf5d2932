// `npm run db:prepare-upgrade`: before a new release starts on an existing PostgreSQL database
// (DATABASE_URL), builds its pending migrations' indexes CONCURRENTLY, so the migration the
// release runs at start-up does not block writes while it builds them. See docs/upgrading.md.
import path from 'node:path';
import pg from 'pg';
import { prepareIndexes } from '../server/db/upgrade';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL: required (the PostgreSQL database to upgrade); the embedded database needs no preparation');
  process.exit(2);
}
const client = new pg.Client({ connectionString: url });
await client.connect();
try {
  const done = await prepareIndexes(client, path.join(process.cwd(), 'server/db/migrations'), (line) => console.log(line));
  if (!done.length) console.log('no pending migration builds an index on an existing table: nothing to prepare');
  for (const d of done) if (d.action !== 'built' && d.action !== 'rebuilt') console.log(`${d.name} on ${d.table}: ${d.action}`);
} finally {
  await client.end();
}
