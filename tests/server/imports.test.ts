// Bulk import of customers, tags and subscriptions from CSV, through the partner API over real
// HTTP: line-numbered errors, partial vs all-or-nothing, idempotent re-imports, large files.
import fs from 'node:fs';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, inArray } from 'drizzle-orm';
import { createTranslator, type Messages } from 'next-intl';
import { reasonText, type Params } from '@/app/(app)/admin/imports/reason-text';
import { loadMessages } from '@/app/i18n/load-messages';
import { customers, imports, subscriptions } from '@/server/db/schema';
import { routePublicApi } from '@/server/http/public-api';
import { serve } from '@/server/http/node-server';
import { DEMO_API_KEY } from '@/server/services/demo';
import { generateExtract } from '@/server/services/demo-extract';
import { MAX_RECORD_BYTES, recoverInterruptedImports, runImport } from '@/server/services/customer-import';
import { ENGLISH_REASONS } from '@/server/services/customer-import-rows';
import { drainRuntime } from '@/server/runtime/workers';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
let server: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  app = await createTestApp();
  server = await serve((req) => routePublicApi(app, req));
});
afterAll(async () => {
  await server?.close();
  await app?.close();
});

type Report = {
  id: string;
  status: string;
  lines: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { line: number; reason: string; code?: string; params?: Record<string, unknown> }[];
  error: string | null;
  errorDetail: { code: string; params: Record<string, unknown> } | null;
};

async function upload(kind: string, body: BodyInit, query = '', key = DEMO_API_KEY): Promise<{ status: number; report: Report }> {
  const res = await fetch(`${server.url}/api/v1/imports/${kind}${query}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv; charset=utf-8' },
    body,
    duplex: 'half',
  } as RequestInit);
  return { status: res.status, report: (await res.json()) as Report };
}

const tagsOf = async (id: string) => (await app.rt.db.select().from(customers).where(eq(customers.id, id)))[0];

const FILE = [
  'customer_id,msisdn,name,arpu,plan,tenure_months,opted_out,region',
  'N000001,13900000001,新客户甲,88.5,unlimited_5g,12,false,hangzhou',
  'N000002,13900000002,"Doe, Jane",45,basic_4g,3,true,ningbo',
  'C000001,13800000001,王伟,99.9,family_5g,60,false,',
].join('\n');

describe('customers CSV', () => {
  it('should insert new customers and update existing ones with typed tags', async () => {
    const { status, report } = await upload('customers', FILE, '?fileName=daily-2026-11-29.csv');
    expect(status).toBe(200);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 2, updated: 1, unchanged: 0, rejected: 0, lines: 4 });
    const n1 = await tagsOf('N000001');
    expect(n1).toMatchObject({ msisdn: '13900000001', name: '新客户甲' });
    expect(n1.tags).toEqual({ arpu: 88.5, plan: 'unlimited_5g', tenure_months: 12, opted_out: false, region: 'hangzhou' });
    expect((await tagsOf('N000002')).name).toBe('Doe, Jane');
    // C000001 keeps the tags the file does not name (value_tier, device…); the empty region is removed.
    const c1 = await tagsOf('C000001');
    expect(c1.tags).toMatchObject({ arpu: 99.9, plan: 'family_5g', tenure_months: 60 });
    expect(c1.tags).not.toHaveProperty('region');
    expect(c1.tags).toHaveProperty('value_tier');
    const [record] = await app.rt.db.select().from(imports).where(eq(imports.id, report.id));
    expect(record).toMatchObject({ kind: 'customers', fileName: 'daily-2026-11-29.csv', actor: 'api-key:Demo upstream system', status: 'succeeded', inserted: 2 });
    expect(record.finishedAt).toBeInstanceOf(Date);
  });

  it('should change nothing when the same file is imported again', async () => {
    const before = await app.rt.db.select().from(customers).where(inArray(customers.id, ['N000001', 'N000002', 'C000001']));
    const { report } = await upload('customers', FILE);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: 3, rejected: 0 });
    const after = await app.rt.db.select().from(customers).where(inArray(customers.id, ['N000001', 'N000002', 'C000001']));
    expect(after).toEqual(before); // updated_at included: identical rows are not rewritten
  });

  it('should report bad values with their line and import the rest in partial mode', async () => {
    const file = [
      'customer_id,msisdn,name,arpu,plan,tenure_months',
      'P000001,13900000011,甲,50,prepaid,1',
      'P000002,13900000012,乙,lots,prepaid,1',
      'P000003,13900000013,丙,50,platinum,1',
      'P000004,12ab,丁,50,prepaid,1',
      'P000005,13900000015,戊,50,prepaid,1.5',
      'P000006,13900000016,己,50',
      'P000007,13900000017,庚,60,basic_4g,2',
    ].join('\r\n');
    const { status, report } = await upload('customers', file, '?mode=partial');
    expect(status).toBe(200);
    expect(report).toMatchObject({ status: 'partial', inserted: 2, rejected: 5 });
    // Each reason in English and as a code with its values, which the import page words in the user's language.
    expect(report.errors).toEqual([
      { line: 3, reason: 'arpu: expected a number, got "lots"', code: 'tag_not_number', params: expect.objectContaining({ column: 'arpu', value: 'lots' }) },
      {
        line: 4,
        reason: expect.stringMatching(/^plan: expected one of basic_4g, unlimited_5g, family_5g, prepaid, got "platinum"/),
        code: 'tag_not_allowed',
        params: { column: 'plan', value: 'platinum', allowed: expect.stringContaining('basic_4g, unlimited_5g') },
      },
      { line: 5, reason: 'msisdn: expected 5 to 20 digits, got "12ab"', code: 'msisdn_invalid', params: { value: '12ab' } },
      { line: 6, reason: 'tenure_months: expected a whole number, got "1.5"', code: 'tag_not_int', params: expect.objectContaining({ column: 'tenure_months', value: '1.5' }) },
      { line: 7, reason: 'expected 6 fields as in the header, got 4', code: 'field_count', params: { expected: 6, got: 4 } },
    ]);
    expect(await tagsOf('P000007')).toBeTruthy();
    expect(await tagsOf('P000002')).toBeUndefined();
  });

  it('should write nothing in all-or-nothing mode when one line fails', async () => {
    const file = ['customer_id,msisdn,name,arpu', 'Q000001,13900000021,甲,50', 'Q000002,13900000022,乙,fifty', 'Q000003,13900000023,丙,70'].join('\n');
    const { status, report } = await upload('customers', file, '?mode=all_or_nothing');
    expect(status).toBe(422);
    expect(report).toMatchObject({ status: 'refused', inserted: 0, updated: 0, unchanged: 0, rejected: 1 });
    expect(report.errors).toEqual([{ line: 3, reason: 'arpu: expected a number, got "fifty"', code: 'tag_not_number', params: expect.objectContaining({ value: 'fifty' }) }]);
    expect(report.error).toMatch(/nothing was imported/);
    expect(report.errorDetail).toEqual({ code: 'all_or_nothing', params: { count: 1 } });
    expect(await tagsOf('Q000001')).toBeUndefined();
    expect(await tagsOf('Q000003')).toBeUndefined();
  });

  it('should import the whole file in all-or-nothing mode when every line is good', async () => {
    const file = ['customer_id,msisdn,name,arpu', 'R000001,13900000031,甲,50', 'R000002,13900000032,乙,51'].join('\n');
    const { status, report } = await upload('customers', file, '?mode=all_or_nothing');
    expect(status).toBe(200);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 2 });
  });

  it('should refuse a file whose header names undeclared tags or lacks a required column, naming them', async () => {
    const unknown = await upload('customers', 'customer_id,msisdn,name,shoe_size\nX1,13900000041,甲,42\n');
    expect(unknown.status).toBe(422);
    expect(unknown.report.error).toMatch(/^line 1 \(header\): shoe_size is not a declared tag; declared tags are name, arpu/);
    const missing = await upload('customers', 'customer_id,name,arpu\nX1,甲,42\n');
    expect(missing.report.error).toBe('line 1 (header): missing the column msisdn; a customers file starts with customer_id,msisdn,name');
    expect(missing.report.errorDetail).toEqual({ code: 'header_missing', params: { columns: 'msisdn', count: 1, kind: 'customers', expected: 'customer_id,msisdn,name' } });
    const empty = await upload('customers', '');
    expect(empty.report.error).toMatch(/the file is empty/);
  });

  it('should name the lines that are not UTF-8 (a GBK export) and import the others', async () => {
    const gbkName = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd]); // 张三 in GBK
    const file = Buffer.concat([
      Buffer.from('customer_id,msisdn,name\nG000001,13900000051,'),
      gbkName,
      Buffer.from('\nG000002,13900000052,李四\n'),
    ]);
    const { report } = await upload('customers', file);
    expect(report).toMatchObject({ status: 'partial', inserted: 1, rejected: 1 });
    expect(report.errors[0]).toEqual({ line: 2, reason: expect.stringMatching(/^not valid UTF-8/), code: 'encoding', params: {} });
  });

  it('should report a broken quote with its line and go on', async () => {
    const file = 'customer_id,msisdn,name\nB000001,13900000061,"unterminated\nB000002,13900000062,fine\n';
    const { report } = await upload('customers', file);
    expect(report.rejected).toBeGreaterThanOrEqual(1);
    expect(report.errors[0].reason).toMatch(/^not valid CSV/);
    expect(report.errors[0].code).toBe('csv_invalid');
    expect(report.errors[0].line).toBeGreaterThanOrEqual(2);
  });

  it('should refuse a body that is not text/csv and a key without imports:write', async () => {
    const res = await fetch(`${server.url}/api/v1/imports/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${DEMO_API_KEY}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(res.status).toBe(415);
    const { createApiKey } = await import('@/server/services/api-keys');
    const { key } = await createApiKey(app.rt.db, 'events only', ['events:write']);
    const denied = await fetch(`${server.url}/api/v1/imports/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
      body: FILE,
    });
    expect(denied.status).toBe(403);
    expect((await denied.json()).error).toBe('this API key lacks the scope imports:write');
  });
});

describe('subscriptions CSV', () => {
  it('should upsert subscriptions, reject unknown customers and products by line, and be idempotent', async () => {
    const file = [
      'customer_id,product_id,since',
      'C000002,roaming_day_pass,2026-10-01',
      'C000003,family_plan_add,2026-09-15T08:00:00+08:00',
      'NOBODY,roaming_day_pass,2026-10-01',
      'C000004,no_such_product,2026-10-01',
      'C000005,roaming_day_pass,yesterday',
    ].join('\n');
    const first = await upload('subscriptions', file);
    expect(first.report).toMatchObject({ status: 'partial', inserted: 2, rejected: 3 });
    expect(first.report.errors.map((e) => e.line).sort()).toEqual([4, 5, 6]);
    expect(first.report.errors.find((e) => e.line === 4)?.reason).toMatch(/no customer NOBODY/);
    expect(first.report.errors.find((e) => e.line === 5)?.reason).toMatch(/no product "no_such_product"/);
    const [sub] = await app.rt.db.select().from(subscriptions).where(eq(subscriptions.customerId, 'C000002'));
    expect(sub.since.toISOString()).toBe('2026-09-30T16:00:00.000Z'); // midnight in China
    const again = await upload('subscriptions', file);
    expect(again.report).toMatchObject({ inserted: 0, updated: 0, unchanged: 2, rejected: 3 });
  });
});

describe('the import page', () => {
  it('should list the latest imports with their reason codes for administrators', async () => {
    const { report } = await upload('customers', 'customer_id,name\nX1,甲\n', '?fileName=history-check.csv');
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const rows = await admin.customerData.imports();
    expect(rows.find((r) => r.id === report.id)).toMatchObject({
      fileName: 'history-check.csv',
      status: 'refused',
      errorDetail: { code: 'header_missing', params: expect.objectContaining({ columns: 'msisdn' }) },
    });
  });
});

describe('awkward values', () => {
  it('should keep names with tabs, backslashes, quotes and line breaks exactly as in the file', async () => {
    // A tab, a backslash (and COPY's null marker \N), a quote and a comma, a line feed, a carriage return.
    const names = ['制表\t符', 'back\\slash \\N', 'say "hi", then\nleave', 'carriage\rreturn'];
    const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const file = ['customer_id,msisdn,name,plan', ...names.map((n, i) => `W00000${i},1390000009${i},${quote(n)},prepaid`)].join('\n');
    const { report } = await upload('customers', file);
    expect(report).toMatchObject({ status: 'succeeded', inserted: 4 });
    for (const [i, n] of names.entries()) expect((await tagsOf(`W00000${i}`)).name).toBe(n);
    expect((await upload('customers', file)).report).toMatchObject({ unchanged: 4, inserted: 0, updated: 0 });
  });

  it('should read a file with a byte order mark that arrives a few bytes at a time, cutting characters in two, and count lines across quoted line breaks', async () => {
    // Excel's "CSV UTF-8" starts with a BOM and quotes the header; bytes come in 5-byte pieces,
    // so most Chinese characters (3 bytes each) are split between two pieces.
    const text = [
      '\uFEFF"customer_id","msisdn","name","region"',
      'K000001,13900000071,"张伟\n(住址:杭州西湖区)",hangzhou',
      'K000002,13900000072,欧阳娜娜,nowhere',
      'K000003,13900000073,"李""小""明",ningbo',
      'K000004,1390000007x,错号码,ningbo',
    ].join('\r\n');
    const bytes = Buffer.from(text, 'utf8');
    const pieces = Array.from({ length: Math.ceil(bytes.length / 5) }, (_, i) => new Uint8Array(bytes.subarray(i * 5, i * 5 + 5)));
    const report = await runImport(app.rt, pieces, { kind: 'customers', mode: 'partial', fileName: 'excel.csv', actor: 'test' });
    expect(report).toMatchObject({ status: 'partial', inserted: 2, rejected: 2, lines: 6 });
    expect(report.errors).toEqual([
      expect.objectContaining({ line: 4, code: 'tag_not_allowed', params: expect.objectContaining({ column: 'region', value: 'nowhere' }) }),
      expect.objectContaining({ line: 6, code: 'msisdn_invalid' }),
    ]);
    expect((await tagsOf('K000001')).name).toBe('张伟\n(住址:杭州西湖区)');
    expect((await tagsOf('K000003')).name).toBe('李"小"明');
    expect((await tagsOf('K000003')).tags).toMatchObject({ region: 'ningbo' });
  });
});

describe('a line longer than the limit', () => {
  /** What the import page shows for a reason, in that language. */
  const shown = (locale: 'en' | 'zh-CN', e: { code?: string; params?: Record<string, unknown>; reason: string }) =>
    reasonText(createTranslator({ locale, messages: loadMessages(locale) as Messages, namespace: 'customerData.imports' }) as never, e.code, e.params as Params, e.reason);
  // Line 3 holds a name of 76,000 bytes across a quoted line break (lines 3 and 4); the rest are
  // ordinary lines, one with a bad value on line 5 (so line numbers after the long one must hold).
  const file = [
    'customer_id,msisdn,name,arpu',
    'O000001,13900000081,甲,50',
    `O000002,13900000082,"${'长'.repeat(12_000)}\n${'x'.repeat(40_000)}",50`,
    'O000003,13900000083,丙,fifty',
    ...Array.from({ length: 10 }, (_, i) => `O0000${10 + i},139000001${10 + i},丁${i},60`),
  ].join('\n');
  const tooLong = { line: 3, code: 'record_too_long', params: { line: 3, limit: MAX_RECORD_BYTES }, reason: expect.stringMatching(/^line 3 is longer than 65536 bytes/) };
  /** The file as the body of a request arrives: in pieces of 1,000 bytes. */
  const pieces = () => {
    const bytes = Buffer.from(file, 'utf8');
    return Array.from({ length: Math.ceil(bytes.length / 1000) }, (_, i) => new Uint8Array(bytes.subarray(i * 1000, i * 1000 + 1000)));
  };

  it('should reject that one line, naming it and the limit in both languages, and import the others', async () => {
    const report = await runImport(app.rt, pieces(), { kind: 'customers', mode: 'partial', fileName: 'long-line.csv', actor: 'test' });
    expect(report).toMatchObject({ status: 'partial', lines: 15, inserted: 11, rejected: 2, error: null });
    expect(report.errors).toEqual([tooLong, expect.objectContaining({ line: 5, code: 'tag_not_number' })]);
    expect(shown('en', report.errors[0])).toBe(
      'Line 3 is longer than 65,536 bytes, the most one line may hold: not imported (no customer data is this long; or a quote was opened and never closed)',
    );
    expect(shown('zh-CN', report.errors[0])).toBe('第 3 行超过 65,536 字节（单行上限），未导入（客户数据不会这么长；也可能是引号未闭合）');
    expect(await tagsOf('O000002')).toBeUndefined();
    expect((await tagsOf('O000019'))?.name).toBe('丁9');
    // Sent whole over HTTP, the same.
    const again = await upload('customers', file);
    expect(again.report).toMatchObject({ status: 'partial', lines: 15, inserted: 0, unchanged: 11, rejected: 2 });
    expect(again.report.errors[0]).toEqual(tooLong);
  });

  it('should write nothing in all-or-nothing mode, counting it as one rejected line', async () => {
    const report = await runImport(app.rt, pieces(), { kind: 'customers', mode: 'all_or_nothing', fileName: 'long-line.csv', actor: 'test' });
    expect(report).toMatchObject({ status: 'refused', inserted: 0, updated: 0, unchanged: 0, rejected: 2, errorDetail: { code: 'all_or_nothing', params: { count: 2 } } });
    expect(report.errors[0]).toEqual(tooLong);
    const [record] = await app.rt.db.select().from(imports).where(eq(imports.id, report.id));
    expect(record).toMatchObject({ status: 'refused', inserted: 0, rejected: 2 });
  });

  it('should refuse a file whose header is longer than the limit, saying so in both languages', async () => {
    const { status, report } = await upload('customers', `customer_id,msisdn,name,${'x'.repeat(70_000)}\nO000099,13900000099,甲,1\n`);
    expect(status).toBe(422);
    expect(report).toMatchObject({ status: 'refused', inserted: 0, errorDetail: { code: 'header_too_long', params: { line: 1, limit: MAX_RECORD_BYTES } } });
    expect(shown('zh-CN', { ...report.errorDetail!, reason: report.error! })).toBe('第 1 行（表头）超过 65,536 字节（单行上限），未读取该文件');
    expect(await tagsOf('O000099')).toBeUndefined();
  });
});

describe('messages', () => {
  it('should word every reason an import can give in both languages', () => {
    const codes = Object.keys(ENGLISH_REASONS);
    for (const locale of ['en', 'zh-CN']) {
      const { reasons } = JSON.parse(fs.readFileSync(`messages/${locale}/customerData.json`, 'utf8')).imports as { reasons: Record<string, string> };
      expect(Object.keys(reasons).sort(), locale).toEqual([...codes].sort());
    }
  });
});

describe('an import whose process died', () => {
  it('should be marked failed with the reason and the line it reached, not left running', async () => {
    const [row] = await app.rt.db
      .insert(imports)
      .values({ kind: 'customers', fileName: 'crashed.csv', mode: 'partial', actor: 'admin@octoflow.demo', status: 'running', lines: 1234, owner: 'gone-host:4242:dead', heartbeatAt: new Date(Date.now() - 10 * 60_000) })
      .returning();
    await drainRuntime(app.rt); // the worker stage that looks for them
    const [after] = await app.rt.db.select().from(imports).where(eq(imports.id, row.id));
    expect(after).toMatchObject({ status: 'failed', errorDetail: { code: 'interrupted', params: { line: 1234 } } });
    expect(after.error).toMatch(/stopped \(restart or crash\) after line 1234/);
    expect(after.finishedAt).toBeInstanceOf(Date);
  });

  it('should leave an import that is still running in this process alone', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slow() {
      yield 'customer_id,msisdn,name\nS000001,13900000071,甲\n';
      await gate; // the upload stalls here
      yield 'S000002,13900000072,乙\n';
    }
    const pending = runImport(app.rt, slow(), { kind: 'customers', mode: 'partial', fileName: 'slow.csv', actor: 'test' });
    await expect.poll(async () => (await app.rt.db.select().from(imports).where(eq(imports.fileName, 'slow.csv'))).length).toBe(1);
    expect(await recoverInterruptedImports(app.rt)).toBe(0);
    release();
    expect(await pending).toMatchObject({ status: 'succeeded', inserted: 2 });
  });
});

describe('a large extract', () => {
  const ROWS = 200_000;

  it(
    `should import ${ROWS.toLocaleString('en')} streamed rows with bounded memory, and re-import them unchanged`,
    async () => {
      const stream = () =>
        new ReadableStream<Uint8Array>({
          start() {},
          async pull(controller) {
            const next = await gen.next();
            if (next.done) controller.close();
            else controller.enqueue(new TextEncoder().encode(next.value));
          },
        });
      let gen = generateExtract(ROWS, { from: 500_000 });
      // Live heap (after a full GC) sampled while the import runs: what the import holds.
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as () => void;
      gc();
      const base = process.memoryUsage().heapUsed;
      let peak = base;
      const sampler = setInterval(() => {
        gc();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, 200);
      const { report } = await upload('customers', stream());
      clearInterval(sampler);
      expect(report).toMatchObject({ status: 'succeeded', inserted: ROWS, rejected: 0, lines: ROWS + 1 });
      // The file is about 15 MB (30 MB as a string); its rows as objects would be ~200 MB.
      expect((peak - base) / 2 ** 20).toBeLessThan(25);
      gen = generateExtract(ROWS, { from: 500_000 });
      const again = await upload('customers', stream());
      expect(again.report).toMatchObject({ status: 'succeeded', inserted: 0, updated: 0, unchanged: ROWS });
    },
    600_000,
  );
});
