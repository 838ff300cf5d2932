// Refusals in the person's language: the app ships in Simplified Chinese and English, and a
// Chinese-speaking marketer, approver or shop clerk is told why something was refused in Chinese,
// the way the page around it reads. The language is chosen as the pages choose it (their saved
// setting, the language cookie, the browser's Accept-Language, then Chinese); calls without a
// person's request (tests, the public API's systems) get English.
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callError } from '@/app/_lib/trpc-error';
import { appRouter, type AppRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';
import { actorFor, callerAs } from './support/actors';
import { rejection } from './support/errors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const callerIn = (email: string, locale: 'zh-CN' | 'en' | undefined) => callerAs(app, email, locale);

describe('refusals in the person’s language', () => {
  it('should refuse a Chinese-speaking person in Chinese and an English-speaking one in English', async () => {
    const id = randomUUID();
    expect((await rejection((await callerIn('designer@octoflow.demo', 'zh-CN')).campaigns.get({ id }))).message).toBe(`找不到营销活动 ${id}`);
    expect((await rejection((await callerIn('designer@octoflow.demo', 'en')).campaigns.get({ id }))).message).toBe(`campaign ${id} not found`);
    expect((await rejection((await callerIn('designer@octoflow.demo', undefined)).campaigns.get({ id }))).message).toBe(`campaign ${id} not found`);

    // A capability the role lacks.
    expect((await rejection((await callerIn('designer@octoflow.demo', 'zh-CN')).operations.summary())).message).toBe('您的角色（designer）无权执行 operations.manage');

    // A refusal that names what would break, with the flow validator's own Chinese words.
    const refused = await rejection((await callerIn('admin@octoflow.demo', 'zh-CN')).customerData.deleteTag({ name: 'arpu' }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/^删除标签 arpu 会使可能运行的活动出错：流量80%提醒[^（]*（条件判断节点“check_value”：“arpu”不是标签目录中的客户标签。）；请先修改或结束这些活动$/);

    // A shop clerk's workbench.
    const agent = await callerIn('agent1@octoflow.demo', 'zh-CN');
    expect((await rejection(agent.frontline.caller({ query: 'C999999' }))).message).toBe('没有编号为 C999999 的客户');
  });

  it('should word what is wrong with an input in the person’s language, keeping a schema’s own words', async () => {
    const zh = await callerIn('admin@octoflow.demo', 'zh-CN');
    expect((await rejection(zh.campaigns.get({ id: 'nope' }))).message).toBe('id: 无效UUID');
    expect((await rejection(zh.campaigns.get({ id: 5 } as never))).message).toBe('id: 无效输入：期望 string，实际接收 数字');
    // A field left out is required, not "expected string, received undefined".
    expect((await rejection(zh.campaigns.get({} as never))).message).toBe('id: 必须填写');
    const en = await callerIn('admin@octoflow.demo', 'en');
    expect((await rejection(en.campaigns.get({ id: 5 } as never))).message).toBe('id: Invalid input: expected string, received number');
    // A service's own parse, with a message the schema wrote itself (in the Chinese it was written
    // with) beside the validator's (translated).
    const bad = { type: 'Bad', labelZh: '', labelEn: 'Wi-Fi', attributes: [] };
    const refused = await rejection(zh.customerData.saveEventType(bad));
    expect(refused.code).toBe('BAD_REQUEST');
    expect(refused.message).toBe('type: 须为小写字母、数字和 _（lower_snake_case），以字母开头，2–64 个字符; labelZh: 数值过小：期望 string >=1 字符');
    expect((await rejection(en.customerData.saveEventType(bad))).message).toBe('type: must be lower_snake_case, start with a letter, 2–64 characters; labelZh: Too small: expected string to have >=1 characters');
    // The same through a procedure's input: an API key without a scope, a partner endpoint's id.
    expect((await rejection(zh.apiKeys.create({ name: 'x', scopes: [] }))).message).toBe('scopes: 请至少选择一个权限范围');
    expect((await rejection(en.apiKeys.create({ name: 'x', scopes: [] }))).message).toBe('scopes: choose at least one scope');
    expect((await rejection(zh.partnerEndpoints.create({ id: 'X y', nameZh: '坏', nameEn: 'Bad', url: 'https://api.partner.example/x' }))).message).toBe(
      'id: 只能包含小写字母、数字和 _，以字母开头（2–64 个字符）',
    );
  });

  it('should name each refused field with its path and what is wrong, for a form to show under the field', async () => {
    // The pages' client against tRPC's own HTTP handler: the refusal as a browser receives it.
    const clientAs = async (email: string, locale: 'zh-CN' | 'en') => {
      const actor = await actorFor(app, email);
      const fetchApi = (input: RequestInfo | URL, init?: RequestInit) =>
        fetchRequestHandler({ endpoint: '/api/trpc', req: new Request(input, init), router: appRouter, createContext: () => ({ app, actor, locale }) });
      return createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: 'http://octoflow.test/api/trpc', transformer: superjson, fetch: fetchApi })] });
    };
    const refused = async (p: Promise<unknown>) => callError(await p.then(() => expect.fail('the call succeeded'), (e: unknown) => e));
    const zh = await clientAs('admin@octoflow.demo', 'zh-CN');
    const en = await clientAs('admin@octoflow.demo', 'en');

    // A procedure's input schema: every refused field, the paths as the input names them.
    const policy = { revision: 'x', caps: { perDay: 5, perWeek: 2 }, channelCaps: {}, quietHours: null, consentRequired: [], exempt: ['sms', 'nope'] };
    const byPath = (r: { fields: { path: (string | number)[]; message: string }[] }) => Object.fromEntries(r.fields.map((f) => [f.path.join('.'), f.message]));
    const zhPolicy = await refused(zh.contactPolicy.save.mutate(policy as never));
    expect(zhPolicy.code).toBe('BAD_REQUEST');
    expect(Object.keys(byPath(zhPolicy)).sort()).toEqual(['caps.perWeek', 'exempt.1']);
    expect(byPath(zhPolicy)['caps.perWeek']).toMatch(/[\u4e00-\u9fff]/);
    expect(byPath(await refused(en.contactPolicy.save.mutate(policy as never)))['caps.perWeek']).toMatch(/^[^\u4e00-\u9fff]+$/);

    // A service's own parse (parseInput): the field, and the schema's message without the field's name.
    const eventType = await refused(zh.customerData.saveEventType.mutate({ type: 'Bad', labelZh: '', labelEn: 'Wi-Fi', attributes: [] }));
    expect(eventType.fields).toEqual([
      { path: ['type'], message: '须为小写字母、数字和 _（lower_snake_case），以字母开头，2–64 个字符' },
      { path: ['labelZh'], message: '数值过小：期望 string >=1 字符' },
    ]);

    // A rule a service checks itself, about one field: the message keeps naming it, the field carries what is wrong.
    const product = await refused(en.products.save.mutate({ id: 'pack_x', nameZh: '包', nameEn: 'Pack', priceCny: 5, exclusiveWith: ['pack_x'] }));
    expect(product.message).toBe('exclusiveWith: pack_x cannot exclude itself');
    expect(product.fields).toEqual([{ path: ['exclusiveWith'], message: 'pack_x cannot exclude itself' }]);
    const builtIn = await refused(zh.customerData.saveEventType.mutate({ type: 'data_usage_80pct', labelZh: '流量', labelEn: 'Data', attributes: [] }));
    expect(builtIn.code).toBe('CONFLICT');
    expect(builtIn.fields).toEqual([{ path: ['type'], message: 'data_usage_80pct 是内置事件类型，不能重新声明' }]);

    // A refusal about no field carries none.
    const missing = await refused(zh.campaigns.get.query({ id: randomUUID() }));
    expect(missing.code).toBe('NOT_FOUND');
    expect(missing.fields).toEqual([]);
  });

  it('should choose the language as the pages do: the language cookie, then the browser’s, then Chinese', async () => {
    const localeOf = async (headers: Record<string, string>) => (await createContext(app, new Headers(headers))).locale;
    expect(await localeOf({})).toBe('zh-CN');
    expect(await localeOf({ 'accept-language': 'en-GB,en;q=0.9' })).toBe('en');
    expect(await localeOf({ 'accept-language': 'zh-CN,zh;q=0.9' })).toBe('zh-CN');
    expect(await localeOf({ 'accept-language': 'en-GB', cookie: 'theme=dark; NEXT_LOCALE=zh-CN' })).toBe('zh-CN');
    expect(await localeOf({ 'accept-language': 'zh-CN', cookie: 'NEXT_LOCALE=en' })).toBe('en');
    expect(await localeOf({ cookie: 'NEXT_LOCALE=fr' })).toBe('zh-CN');
  });
});
