// The customer list as the customers page asks for it: one page at a time from the server, with
// how many customers match, counted up to a cap (an operator has tens of millions of them).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, like, sql } from 'drizzle-orm';
import { customers } from '@/server/db/schema';
import { CUSTOMER_COUNT_CAP } from '@/server/services/customers';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

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
