// The customer list's search (customers.list, services/customers.ts) over 1,000,000 customers on
// PostgreSQL: what a call-centre agent waits for per search. Baseline in the same run: the previous
// release's statements (the page read in id order and the capped count, side by side) on the same
// table without the trigram indexes of migration 0019, i.e. an ILIKE scan. Then the same searches
// through findCustomers with the indexes, built as `npm run db:prepare-upgrade` would build them.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { scratchPostgres } from './support/scratch-postgres';
import { indexStatements } from '../server/db/upgrade';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { migrationsFolder } from '../server/db/client';
import { CUSTOMER_COUNT_CAP, customerSearchQueries, findCustomers } from '../server/services/customers';

const ROWS = Number(process.env.BENCH_SEARCH_ROWS ?? 1_000_000);
const RUNS = 5;
const log = (m: string) => process.stderr.write(`[customer-search bench] ${m}\n`);

const database = await scratchPostgres('search');
const db = database.db;

/** What an agent types: [what it is, the term]. Customer i has id C + 8 digits, a number from a hash of i, a name. */
const SEARCHES: [string, string][] = [
  ['a full number', '13559584743'],
  ['the last 4 digits of a number', '4743'],
  ['8 digits of a number', '59584743'],
  ['a customer id', 'C00424242'],
  ['the start of 10,000 ids far down the list', 'C0090'],
  ['part of a name', '王伟7'],
  ['a common name (capped count)', 'Wang'],
  ['2 characters (no trigram: scanned)', '42'],
  ['nobody', '19999999999'],
];

/** The previous release's findCustomers: the page in id order (what page() picks past the cap) and the capped count, at once. */
const previous = (search: string) => {
  const q = customerSearchQueries(db, { search });
  return Promise.all([q.page(CUSTOMER_COUNT_CAP + 1), q.count]);
};

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm the cache
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await run();
    ms.push(performance.now() - t0);
  }
  return ms.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

try {
  const trgm = readMigrationFiles({ migrationsFolder }).flatMap(indexStatements).filter((ix) => ix.name.endsWith('_trgm_idx'));
  for (const ix of trgm) await db.execute(sql.raw(`drop index ${ix.name}`));
  log(`${ROWS.toLocaleString('en')} customers`);
  await db.execute(sql`
    insert into customers (id, msisdn, name)
    select 'C' || lpad(i::text, 8, '0'),
           '1' || (array['35', '36', '37', '38', '39', '50', '58', '86', '88'])[1 + i % 9] || lpad(((i::bigint * 7919 + 12345) % 100000000)::text, 8, '0'),
           (array['王', '李', '张', '刘', '陈', '杨', '黄', '赵', 'Wang ', 'Li '])[1 + i % 10] || (array['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', 'Wei', 'Fang', 'Min'])[1 + i / 10 % 11] || (i % 1000)
    from generate_series(1, ${ROWS}::int) i`);
  await db.execute(sql`vacuum analyze customers`);

  const before: number[] = [];
  for (const [label, term] of SEARCHES) {
    before.push(await median(() => previous(term)));
    log(`baseline ${label}: ${before.at(-1)!.toFixed(1)} ms`);
  }
  const built: string[] = [];
  for (const ix of trgm) {
    const t0 = performance.now();
    await db.execute(sql.raw(ix.sql.replace('CREATE INDEX', 'CREATE INDEX CONCURRENTLY')));
    built.push(`${ix.name} ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  await db.execute(sql`analyze customers`);
  log(`built ${built.join(', ')}`);
  const rows: string[] = [];
  for (const [i, [label, term]] of SEARCHES.entries()) {
    const found = await findCustomers(db, { search: term });
    const after = await median(() => findCustomers(db, { search: term }));
    log(`indexed ${label}: ${after.toFixed(1)} ms`);
    const matched = `${found.matched.toLocaleString('en')}${found.capped ? '+' : ''}`;
    rows.push(`| ${label} | \`${term}\` | ${matched} | ${before[i]!.toFixed(1)} | ${after.toFixed(1)} | ${(before[i]! / after).toFixed(1)}× |`);
  }
  const sizes = await db.execute(sql`select relname, pg_size_pretty(pg_relation_size(oid)) as size from pg_class where relname like 'customers%trgm%' or relname = 'customers' order by relname`);
  console.log(
    [
      '## Customer search (PostgreSQL)',
      '<!-- bench:customer-search -->',
      '',
      `The customers list's search (\`customers.list\`: ILIKE '%term%' on id, number and name, a page of 20 and the count capped at ${CUSTOMER_COUNT_CAP.toLocaleString('en')}) over ${ROWS.toLocaleString('en')} customers. ` +
        'Command: `npm run bench -- customer-search` (`BENCH_SEARCH_ROWS` scales it). Median of ' + RUNS + ' after a warm-up, whole `findCustomers` in milliseconds. ' +
        'Baseline, same run and table: the previous release\'s statements (the page read in id order and the count, side by side) without the trigram indexes, i.e. a scan.',
      '',
      '| search | term | matched | baseline (ms) | indexed (ms) | faster by |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      `Index builds (\`CREATE INDEX CONCURRENTLY\`, as \`npm run db:prepare-upgrade\` runs them): ${built.join(', ')}. ` +
        `Sizes: ${(sizes as unknown as { rows: { relname: string; size: string }[] }).rows.map((r) => `${r.relname} ${r.size}`).join(', ')}. ` +
        `Load average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')} on ${os.cpus().length} cores (PostgreSQL runs on the same machine).`,
    ].join('\n'),
  );
} finally {
  await database.drop();
}
