// The campaign list as the page asks for it: the server finds campaigns by part of the name (a
// user's % or _ taken literally), narrows them by status and department, counts each filter's
// options, sorts by name, status, priority or last change and hands back one page with the counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import { campaigns } from '@/server/db/schema';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let designer: Awaited<ReturnType<typeof callerAs>>;

// Seven campaigns of this file's own, besides the demo's; the letter after the marker orders the names in any collation.
const MARK = '清单测试';
const SEEDS = [
  { name: `${MARK} A 流量 50% 加油包`, status: 'live', department: 'market', priority: 80 },
  { name: `${MARK} B 流量 500M 加油包`, status: 'draft', department: 'market', priority: 20 },
  { name: `${MARK} C 家庭 VIP`, status: 'paused', department: 'channels', priority: 60 },
  { name: `${MARK} D 家庭 vip 续约`, status: 'ended', department: 'customer_service', priority: 40 },
  { name: `${MARK} E 宽带_提速`, status: 'approved', department: 'channels', priority: 50 },
  { name: `${MARK} F 宽带提速`, status: 'live', department: 'channels', priority: 90 },
  { name: `${MARK} G 来电 \\ 关怀`, status: 'submitted', department: 'market', priority: 30 },
];
/** The seeds' letters, e.g. ['A', 'F'], for rows as the server returned them. */
const letters = (rows: { name: string }[]) => rows.map((r) => r.name.slice(MARK.length + 1, MARK.length + 2));

beforeAll(async () => {
  app = await createTestApp();
  designer = await callerAs(app, 'designer@octoflow.demo');
  const start = Date.UTC(2025, 0, 1);
  // Changed in the order C, A, E, G, B, F, D (one hour apart), so that no two share a time.
  const changed = ['C', 'A', 'E', 'G', 'B', 'F', 'D'];
  for (const seed of SEEDS) {
    const { id } = await designer.campaigns.create({ name: seed.name });
    const updatedAt = new Date(start + changed.indexOf(letters([seed])[0]) * 3_600_000);
    await app.rt.db.update(campaigns).set({ status: seed.status, department: seed.department, priority: seed.priority, updatedAt }).where(eq(campaigns.id, id));
  }
});
afterAll(async () => app?.close());

describe('finding campaigns by name', () => {
  it('should find part of the name in any case', async () => {
    const list = await designer.campaigns.list({ q: 'vip' });
    expect(letters(list.rows).sort()).toEqual(['C', 'D']);
    expect(list.matched).toBe(2);
  });

  it("should take a user's % and _ and \\ literally", async () => {
    expect(letters((await designer.campaigns.list({ q: '50%' })).rows)).toEqual(['A']);
    expect(letters((await designer.campaigns.list({ q: '宽带_' })).rows)).toEqual(['E']);
    expect(letters((await designer.campaigns.list({ q: '\\' })).rows)).toEqual(['G']);
    // The demo's own "流量80%提醒" has one too; no name without a % is found.
    const percent = (await designer.campaigns.list({ q: '%' })).rows.map((r) => r.name);
    expect(percent).toContain(`${MARK} A 流量 50% 加油包`);
    expect(percent.filter((n) => !n.includes('%'))).toEqual([]);
  });
});

describe('narrowing by status and department', () => {
  it('should show the campaigns of any chosen status in any chosen department', async () => {
    const list = await designer.campaigns.list({ q: MARK, status: ['live', 'paused'], department: ['channels'], sort: { field: 'name', order: 'asc' } });
    expect(letters(list.rows)).toEqual(['C', 'F']);
    expect(list.matched).toBe(2);
    const [{ n }] = await app.rt.db.select({ n: count() }).from(campaigns);
    expect(list.total).toBe(n);
    expect(list.total).toBeGreaterThan(SEEDS.length);
  });

  it("should count each option under the search and the other filter: what choosing it would show", async () => {
    const { facets } = await designer.campaigns.list({ q: MARK, status: ['live'], department: ['channels'] });
    // Statuses in the closed loop's order, counted in channels only.
    expect(facets.status).toEqual([
      ['approved', 1],
      ['live', 1],
      ['paused', 1],
    ]);
    // Departments counted among the live ones only, most first.
    expect(facets.department).toEqual([
      ['channels', 1],
      ['market', 1],
    ]);
    const unfiltered = await designer.campaigns.list({ q: MARK });
    expect(unfiltered.facets.status).toEqual([
      ['draft', 1],
      ['submitted', 1],
      ['approved', 1],
      ['live', 2],
      ['paused', 1],
      ['ended', 1],
    ]);
    expect(unfiltered.facets.department).toEqual([
      ['channels', 3],
      ['market', 3],
      ['customer_service', 1],
    ]);
  });

  it('should keep a chosen value that no campaign has, with 0', async () => {
    const list = await designer.campaigns.list({ q: MARK, department: ['it_support'], status: ['evaluated'] });
    expect(list.rows).toEqual([]);
    expect(list.matched).toBe(0);
    expect(list.facets.department).toContainEqual(['it_support', 0]);
    expect(list.facets.status).toContainEqual(['evaluated', 0]);
  });
});

describe('sorting', () => {
  const sortedBy = async (field: 'name' | 'status' | 'priority' | 'updatedAt', order: 'asc' | 'desc') =>
    letters((await designer.campaigns.list({ q: MARK, sort: { field, order } })).rows);

  it('should sort by name', async () => {
    expect(await sortedBy('name', 'asc')).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    expect(await sortedBy('name', 'desc')).toEqual(['G', 'F', 'E', 'D', 'C', 'B', 'A']);
  });

  it('should sort Chinese names by pinyin and numbers in names by value, as people read them', async () => {
    // Code point order would give 安 家 暑 流 第10 第2.
    const mark = '拼音排序';
    for (const name of ['流量', '暑期', '第10期', '家庭', '安心', '第2期']) await designer.campaigns.create({ name: `${mark} ${name}` });
    const names = async (order: 'asc' | 'desc', page = 1, pageSize = 20) =>
      (await designer.campaigns.list({ q: mark, sort: { field: 'name', order }, page, pageSize })).rows.map((r) => r.name.slice(mark.length + 1));
    expect(await names('asc')).toEqual(['安心', '第2期', '第10期', '家庭', '流量', '暑期']);
    expect(await names('desc')).toEqual(['暑期', '流量', '家庭', '第10期', '第2期', '安心']);
    expect([await names('asc', 1, 4), await names('asc', 2, 4)]).toEqual([['安心', '第2期', '第10期', '家庭'], ['流量', '暑期']]);
  });

  it('should sort by status in the order of the closed loop, the latest changed first among equals', async () => {
    // draft B, submitted G, approved E, live F then A (F changed later), paused C, ended D
    expect(await sortedBy('status', 'asc')).toEqual(['B', 'G', 'E', 'F', 'A', 'C', 'D']);
    expect(await sortedBy('status', 'desc')).toEqual(['D', 'C', 'F', 'A', 'E', 'G', 'B']);
  });

  it('should sort by priority', async () => {
    expect(await sortedBy('priority', 'desc')).toEqual(['F', 'A', 'C', 'E', 'D', 'G', 'B']);
    expect(await sortedBy('priority', 'asc')).toEqual(['B', 'G', 'D', 'E', 'C', 'A', 'F']);
  });

  it('should sort by last change, the latest first unless asked', async () => {
    expect(letters((await designer.campaigns.list({ q: MARK })).rows)).toEqual(['D', 'F', 'B', 'G', 'E', 'A', 'C']);
    expect(await sortedBy('updatedAt', 'asc')).toEqual(['C', 'A', 'E', 'G', 'B', 'F', 'D']);
  });
});

describe('paging', () => {
  it('should hand back one page at a time, the next page with the rest', async () => {
    const page = (n: number) => designer.campaigns.list({ q: MARK, sort: { field: 'name', order: 'asc' }, page: n, pageSize: 3 });
    const [one, two, three, four] = await Promise.all([page(1), page(2), page(3), page(4)]);
    expect([one, two, three, four].map((p) => letters(p.rows))).toEqual([['A', 'B', 'C'], ['D', 'E', 'F'], ['G'], []]);
    expect([one, two, three, four].map((p) => p.matched)).toEqual([7, 7, 7, 7]);
  });

  it('should give the first 20 campaigns, latest changed first, when asked for nothing (or null)', async () => {
    for (const list of [await designer.campaigns.list(), await designer.campaigns.list(null)]) {
      expect(list.rows.length).toBe(Math.min(20, list.total));
      expect(list.matched).toBe(list.total);
      const times = list.rows.map((r) => r.updatedAt.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    }
  });
});

describe('refusals', () => {
  it('should refuse bad input naming the field', async () => {
    await expect(designer.campaigns.list({ pageSize: 500 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^pageSize: /) });
    await expect(designer.campaigns.list({ page: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^page: /) });
    // @ts-expect-error: not a field the list sorts by
    await expect(designer.campaigns.list({ sort: { field: 'budget', order: 'asc' } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^sort\.field: /) });
    await expect(designer.campaigns.list({ q: 'x'.repeat(201) })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^q: /) });
  });

  it('should refuse anonymous callers and roles that may not read campaigns', async () => {
    await expect((await callerAs(app, null)).campaigns.list()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect((await callerAs(app, 'agent1@octoflow.demo')).campaigns.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
