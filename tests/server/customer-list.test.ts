// The customer list as the customers page asks for it: one page at a time from the server, with
// how many customers match, counted up to a cap (an operator has tens of millions of them), found
// through trigram indexes rather than a scan of every customer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, count, like, sql } from 'drizzle-orm';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { migrationsFolder, openPglite, type Executor } from '@/server/db/client';
import { customers } from '@/server/db/schema';
import { CUSTOMER_COUNT_CAP, customerSearchQueries, findCustomers } from '@/server/services/customers';
import { callerAs } from './support/actors';
import { createTestApp, onPostgres, type TestApp } from './support/test-app';

let app: TestApp;
let designer: Awaited<ReturnType<typeof callerAs>>;

beforeAll(async () => {
  app = await createTestApp();
  designer = await callerAs(app, 'designer@octoflow.demo');
});
afterAll(async () => app?.close());

describe('the customer list', () => {
  it('should page through every matching customer, saying how many match', async () => {
    const [{ n: demo }] = await app.rt.db.select({ n: count() }).from(customers).where(like(customers.id, 'C0001%'));
    expect(demo).toBeGreaterThan(40);
    const pages: string[][] = [];
    for (let page = 1; pages.flat().length < demo; page++) {
      const p = await designer.customers.list({ search: 'C0001', page, pageSize: 20 });
      expect(p).toMatchObject({ matched: demo, capped: false });
      pages.push(p.rows.map((r) => r.id));
    }
    const ids = pages.flat();
    expect(ids.length).toBe(demo);
    expect(new Set(ids).size).toBe(demo);
    expect(ids).toEqual([...ids].sort());
    expect((await designer.customers.list({ search: 'C0001', page: pages.length + 1 })).rows).toEqual([]);
  });

  it('should take the search’s % and _ literally', async () => {
    expect(await designer.customers.list({ search: '%' })).toMatchObject({ rows: [], matched: 0 });
    expect(await designer.customers.list({ search: 'C_00' })).toMatchObject({ rows: [], matched: 0 });
  });

  it('should find what reading every customer finds, for short and long terms in any case', async () => {
    await app.rt.db.insert(customers).values([
      { id: 'SRCH01', msisdn: '13912345678', name: 'Zhang Wei' },
      { id: 'SRCH02', msisdn: '13812345600', name: '张伟' },
      { id: 'SRCH03', msisdn: '15000000001', name: 'WEIBO 微博 50% off_' },
    ]);
    const all = await app.rt.db.select({ id: customers.id, msisdn: customers.msisdn, name: customers.name }).from(customers).orderBy(asc(customers.id));
    const terms = ['wei', 'WEI', 'w', 'zh', '5678', '13912345678', '1234', 'srch', 'SRCH0', '张', '张伟', '微博', 'C0001', '0001', '50%', 'off_', 'e'];
    for (const term of terms) {
      const want = all.filter((c) => [c.id, c.msisdn, c.name].some((v) => v.toLowerCase().includes(term.toLowerCase()))).map((c) => c.id);
      const got = await designer.customers.list({ search: term, pageSize: 100 });
      expect({ term, ids: got.rows.map((r) => r.id), matched: got.matched }).toEqual({ term, ids: want.slice(0, 100), matched: want.length });
    }
  });

  it('should count up to the cap and say there are more', async () => {
    await app.rt.db.execute(
      sql`insert into customers (id, msisdn, name) select 'CAP' || lpad(i::text, 6, '0'), '199' || lpad(i::text, 8, '0'), '上限' || i from generate_series(1, ${CUSTOMER_COUNT_CAP + 5}::int) i`,
    );
    const list = await designer.customers.list({ search: 'CAP', page: 2, pageSize: 50 });
    expect(list).toMatchObject({ matched: CUSTOMER_COUNT_CAP, capped: true });
    expect(list.rows.map((r) => r.id)[0]).toBe('CAP000051');
  });

  it('should refuse a page size over 100, naming the field', async () => {
    await expect(designer.customers.list({ pageSize: 500 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^pageSize: /) });
  });
});

/** The plans of the statements the list runs for this search: the count, then the page it chooses. */
async function plansOf(db: Executor, search: string): Promise<string[]> {
  const q = customerSearchQueries(db, { search, page: 1, pageSize: 20 });
  const [{ n }] = await q.count;
  const plans: string[] = [];
  for (const statement of [q.count, q.page(n)]) {
    // Both drivers answer { rows }; drizzle's type for it depends on the driver.
    const r = (await db.execute(sql`explain ${statement}`)) as unknown as { rows: { 'QUERY PLAN': string }[] };
    plans.push(r.rows.map((row) => row['QUERY PLAN']).join('\n'));
  }
  return plans;
}

describe.skipIf(!onPostgres)('the customer search on a big customer table', () => {
  it('should look a term of 3+ characters up in the trigram indexes instead of reading every customer', async () => {
    // Enough customers that reading them all costs the planner more than the indexes.
    await app.rt.db.execute(sql`
      insert into customers (id, msisdn, name)
      select 'T' || lpad(i::text, 7, '0'), '147' || lpad(((i::bigint * 7919) % 100000000)::text, 8, '0'), (array['测试', 'Test ', 'Li '])[1 + i % 3] || i
      from generate_series(1, 100000) i`);
    // VACUUM too: rows inserted after a GIN index was built wait in its pending list, which the
    // planner rightly prices high (autovacuum merges it on a live database).
    await app.rt.db.execute(sql`vacuum analyze customers`);
    // A whole number, part of one, the start of 1,000 ids far down the id order (read in id order,
    // their page would come after 42,000 others), part of a name, a Chinese name nobody has.
    for (const search of ['14700791900', '0791900', 'T0042', 'test 4242', '王伟x']) {
      for (const plan of await plansOf(app.rt.db, search)) {
        expect({ search, plan }).toEqual({ search, plan: expect.not.stringMatching(/Seq Scan on customers/) });
        for (const index of ['customers_id_trgm_idx', 'customers_msisdn_trgm_idx', 'customers_name_trgm_idx']) {
          expect({ search, plan }).toEqual({ search, plan: expect.stringContaining(`Bitmap Index Scan on ${index}`) });
        }
      }
    }
    expect(await designer.customers.list({ search: '14700791900' })).toMatchObject({ rows: [{ id: 'T0000100', msisdn: '14700791900' }], matched: 1 });
  });
});

describe.skipIf(onPostgres)('a PGlite data folder of an earlier release', () => {
  it('should open, gain the search indexes and find its customers', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-trgm-'));
    const oldFolder = path.join(dir, 'migrations');
    const dataDir = path.join(dir, 'pglite');
    try {
      // The release before 0019: its migrations, and PGlite opened without extensions.
      fs.mkdirSync(path.join(oldFolder, 'meta'), { recursive: true });
      const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
      const old = journal.entries.filter((e) => e.tag < '0019');
      for (const e of old) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(oldFolder, `${e.tag}.sql`));
      fs.writeFileSync(path.join(oldFolder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: old }));
      const before = await PGlite.create({ dataDir });
      await migrate(drizzle(before), { migrationsFolder: oldFolder });
      await before.exec(`insert into customers (id, msisdn, name) values ('OLD1', '13700000042', '旧客户')`);
      await before.close();

      const upgraded = await openPglite(dataDir);
      try {
        const indexes = (await upgraded.db.execute(
          sql`select indexname from pg_indexes where tablename = 'customers' and indexname like '%trgm%' order by 1`,
        )) as unknown as { rows: { indexname: string }[] };
        expect(indexes.rows.map((r) => r.indexname)).toEqual(['customers_id_trgm_idx', 'customers_msisdn_trgm_idx', 'customers_name_trgm_idx']);
        expect(await findCustomers(upgraded.db, { search: '00000042' })).toMatchObject({ rows: [{ id: 'OLD1' }], matched: 1 });
        // PGlite's planner can use them too (told not to scan, as it would for so few rows).
        await upgraded.db.execute(sql`set enable_seqscan = off`);
        expect((await plansOf(upgraded.db, '00000042'))[1]).toContain('Bitmap Index Scan on customers_msisdn_trgm_idx');
      } finally {
        await upgraded.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
