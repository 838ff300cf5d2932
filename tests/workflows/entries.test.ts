import { describe, expect, it } from 'vitest';
import { initialTransition } from 'xstate';
import {
  buildMachine,
  demoCatalog,
  entryAdmits,
  FlowGraph,
  ENTRY_KINDS,
  describeSchedule,
  nextOccurrence,
  occurrencesBetween,
  parseEnrolment,
  parseMoment,
  simulateFlow,
  validateFlow,
  type FlowContext,
  type FlowIssue,
} from '../../workflows';
import { compileValid, cond, end, flow, sms, trigger } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? i.edgeId ?? '-'}`).sort();
const audience = (params: Record<string, unknown> = {}) => ({
  id: 'batch',
  kind: 'scheduled_audience',
  params: { condition: 'customer.value_tier == "gold"', repeat: 'weekly', weekday: 1, time: '10:00', ...params },
});
const api = (params: Record<string, unknown> = {}) => ({
  id: 'enrol',
  kind: 'api_entry',
  params: { attributes: [{ name: 'visits', type: 'int', required: true }, { name: 'store', type: 'enum', values: ['north', 'south'] }], ...params },
});
const through = (start: { id: string; kind: string; params?: Record<string, unknown> }, expr: string, template = '您好{{customer.name}}') =>
  FlowGraph.parse(flow([start, cond('c', expr), sms('s', template), end()], [[start.id, 'out', 'c'], ['c', 'yes', 's'], ['c', 'no', 'done'], ['s', 'out', 'done']]));
const compiled = compileValid;

describe('entry kinds', () => {
  it('should offer the trigger, the scheduled audience and the API entry in the entry category', () => {
    expect(ENTRY_KINDS).toEqual(['trigger', 'scheduled_audience', 'api_entry']);
  });

  it('should count every entry kind for "exactly one start"', () => {
    const two = validateFlow(flow([trigger(), audience(), end()], [['start', 'out', 'done'], ['batch', 'out', 'done']]), demoCatalog);
    expect(rules(two.issues)).toEqual(['multiple_triggers@batch', 'unreachable@batch']);
    expect(two.issues[0].message.en).toBe('Scheduled audience node "batch": a flow has exactly one start, and Trigger node "start" is already it. Make a second flow for another way in.');
    expect(two.issues[0].message.zh).toBe('定时客群节点“batch”：一个流程只能有一个起点，触发器节点“start”已是起点。其他进入方式请另建流程。');
    const none = validateFlow(flow([end()], []), demoCatalog);
    expect(none.issues[0].message.en).toContain('a trigger (an event), a scheduled audience or an API entry');
    const into = validateFlow(flow([api(), cond('c', '!customer.opted_out'), end()], [['enrol', 'out', 'c'], ['c', 'yes', 'done'], ['c', 'no', 'enrol']]), demoCatalog);
    expect(rules(into.issues)).toContain('trigger_has_input@enrol');
    expect(validateFlow(flow([audience(), end()], [['batch', 'out', 'done']]), demoCatalog).ok).toBe(true);
  });

  it('should say what a scheduled audience is missing, in words a designer understands', () => {
    const check = (params: Record<string, unknown>) => validateFlow(flow([audience(params), end()], [['batch', 'out', 'done']]), demoCatalog).issues;
    expect(check({ condition: '' })[0]).toMatchObject({ rule: 'missing_audience', field: 'condition' });
    expect(check({ repeat: 'once' })[0]).toMatchObject({ rule: 'bad_schedule', field: 'at' });
    expect(check({ repeat: 'once' })[0].message.zh).toBe('定时客群节点“batch”：请填写执行的日期和时间，例如 2025-06-02 10:00。');
    expect(check({ repeat: 'once', at: '2025-02-30 10:00' })[0].message.en).toBe(
      'Scheduled audience node "batch": "2025-02-30 10:00" is not a date and time; write it as 2025-06-02 10:00.',
    );
    expect(check({ repeat: 'monthly' })[0]).toMatchObject({ rule: 'bad_schedule', field: 'monthday' });
    expect(check({ repeat: 'weekly', weekday: undefined })[0]).toMatchObject({ rule: 'bad_schedule', field: 'weekday' });
    expect(check({ monthday: 31, repeat: 'monthly' })[0]).toMatchObject({ rule: 'bad_params', field: 'monthday' });
    expect(check({ time: '25:00' })[0].message.zh).toContain('时间格式为 HH:MM');
    expect(check({ condition: 'customer.value_tier == "platinum"' })[0]).toMatchObject({ rule: 'bad_condition', field: 'condition' });
  });

  it('should refuse event attributes in a flow started by a schedule, which has no event', () => {
    const result = validateFlow(through(audience(), 'event.pct > 80'), demoCatalog);
    expect(rules(result.issues)).toEqual(['bad_condition@c']);
    const template = validateFlow(through(audience(), '!customer.opted_out', '流量已用{{event.pct}}%'), demoCatalog);
    expect(rules(template.issues)).toEqual(['bad_template@s']);
  });

  it("should type event.* by the API entry's declared attributes", () => {
    expect(validateFlow(through(api(), 'event.visits >= 3 && event.store == "north"', '{{customer.name}}，欢迎光临{{event.store}}'), demoCatalog).ok).toBe(true);
    const wrong = validateFlow(through(api(), 'event.visits >= "3"'), demoCatalog);
    expect(rules(wrong.issues)).toEqual(['bad_condition@c']);
    const unknownValue = validateFlow(through(api(), 'event.store == "east"'), demoCatalog);
    expect(unknownValue.issues[0].message.en).toContain('possible values: north, south');
    const unknownAttr = validateFlow(through(api(), 'event.pct > 1'), demoCatalog);
    expect(rules(unknownAttr.issues)).toEqual(['bad_condition@c']);
  });

  it("should check the API entry's declaration and its own condition", () => {
    const check = (params: Record<string, unknown>) => rules(validateFlow(flow([api(params), end()], [['enrol', 'out', 'done']]), demoCatalog).issues);
    expect(check({ attributes: [{ name: 'a', type: 'int' }, { name: 'a', type: 'string' }] })).toEqual(['duplicate_attribute@enrol']);
    expect(check({ attributes: [{ name: 'tier', type: 'enum' }] })).toEqual(['bad_params@enrol']);
    expect(check({ attributes: [{ name: 'Tier', type: 'string' }] })).toEqual(['bad_params@enrol']);
    expect(check({ condition: 'event.visits > 2 && !customer.opted_out' })).toEqual([]);
    const unnamed = validateFlow(flow([api({ attributes: [{ name: 'a', type: 'int' }, { type: 'int' }] }), end()], [['enrol', 'out', 'done']]), demoCatalog);
    expect(unnamed.issues[0].message).toEqual({
      en: 'API entry node "enrol": the setting "Attribute name" (no. 2) is not valid: it is required.',
      zh: 'API 接入节点“enrol”：设置“属性名称”（第2项）无效：必须填写。',
    });
    expect(check({ condition: 'event.nope > 2' })).toEqual(['bad_condition@enrol']);
  });

  it('should not let a wait-for-event wait for the API entry itself', () => {
    const g = flow(
      [api(), { id: 'w', kind: 'wait_event', params: { eventType: 'api:enrol', timeout: { amount: 1, unit: 'days' } } }, end()],
      [['enrol', 'out', 'w'], ['w', 'event', 'done'], ['w', 'timeout', 'done']],
    );
    expect(rules(validateFlow(g, demoCatalog).issues)).toEqual(['unknown_event_type@w']);
  });
});

describe('compiled entries', () => {
  it('should keep the event entry in triggers and list every entry with its kind', () => {
    const event = compiled(through(trigger('start', 'balance_low', 'event.balance < 5.0'), '!customer.opted_out'));
    expect(event.triggers).toEqual([{ nodeId: 'start', eventType: 'balance_low', condition: 'event.balance < 5.0' }]);
    expect(event.entries).toEqual([{ nodeId: 'start', kind: 'event', eventType: 'balance_low', condition: 'event.balance < 5.0' }]);

    const batch = compiled(through(audience(), '!customer.opted_out'));
    expect(batch.triggers).toEqual([]);
    expect(batch.entries).toEqual([
      { nodeId: 'batch', kind: 'schedule', condition: 'customer.value_tier == "gold"', schedule: { every: 'week', time: '10:00', weekday: 1, timezone: 'Asia/Shanghai' } },
    ]);
    const once = compiled(through(audience({ repeat: 'once', at: '2025-06-02 10:00' }), '!customer.opted_out'));
    expect(once.entries[0]).toMatchObject({ schedule: { at: '2025-06-02T02:00:00.000Z', timezone: 'Asia/Shanghai' } });

    const enrol = compiled(through(api({ condition: 'event.visits > 1' }), '!customer.opted_out'));
    expect(enrol.triggers).toEqual([]);
    expect(enrol.entries).toEqual([
      {
        nodeId: 'enrol',
        kind: 'api',
        condition: 'event.visits > 1',
        attributes: [
          { name: 'visits', type: 'int', required: true },
          { name: 'store', type: 'enum', values: ['north', 'south'], required: false },
        ],
      },
    ]);
    expect(enrol.machine.initial).toBe('enrol');
  });

  it('should type int attributes of an API enrolment at run time from the compiled machine alone', () => {
    const c = compiled(through(api(), 'event.visits >= 3'));
    const machine = buildMachine(c.machine, { catalog: demoCatalog });
    const run = (visits: number): FlowContext => ({
      customerId: 'c-1',
      customer: { name: '王芳' },
      trigger: { type: 'api:enrol', attributes: { visits }, occurredAt: '2025-06-02T02:00:00.000Z' },
      visits: {},
    });
    const contacted = (visits: number) => initialTransition(machine, run(visits))[1].some((a) => a.type === 'contact');
    expect(contacted(5)).toBe(true);
    expect(contacted(2)).toBe(false);
  });

  it("should admit a customer by the entry's condition, the way the runtime asks", () => {
    const [batch] = compiled(through(audience(), '!customer.opted_out')).entries;
    expect(entryAdmits(batch, { customer: { value_tier: 'gold' } }, demoCatalog)).toBe(true);
    expect(entryAdmits(batch, { customer: { value_tier: 'silver' } }, demoCatalog)).toBe(false);
    expect(entryAdmits(batch, { customer: {} }, demoCatalog)).toBe(false);
    const [enrol] = compiled(through(api({ condition: 'event.visits > 1' }), '!customer.opted_out')).entries;
    expect(entryAdmits(enrol, { customer: {}, attributes: { visits: 2 } }, demoCatalog)).toBe(true);
    expect(entryAdmits(enrol, { customer: {}, attributes: { visits: 1 } }, demoCatalog)).toBe(false);
  });
});

describe('parseEnrolment', () => {
  const declared = [
    { name: 'visits', type: 'int' as const, required: true },
    { name: 'store', type: 'enum' as const, values: ['north', 'south'], required: false },
    { name: 'vip', type: 'bool' as const, required: false },
  ];

  it('should accept declared attributes of the right types', () => {
    expect(parseEnrolment(declared, { visits: 3, store: 'north' })).toEqual({ ok: true, attributes: { visits: 3, store: 'north' } });
  });

  it('should name each attribute at fault, in both languages', () => {
    const result = parseEnrolment(declared, { visits: 2.5, store: 'east', vip: 'yes', extra: 1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((i) => i.field)).toEqual(['extra', 'visits', 'store', 'vip']);
    expect(result.issues[1].message).toEqual({ en: '"visits" must be a whole number.', zh: '“visits”必须是整数。' });
    expect(result.issues[2].message.en).toBe('"store" must be one of: north, south.');
    const missing = parseEnrolment(declared, {});
    expect(!missing.ok && missing.issues[0].message.zh).toBe('缺少必填属性“visits”。');
    expect(parseEnrolment(declared, [1, 2]).ok).toBe(false);
    const hostile = parseEnrolment(declared, JSON.parse('{"visits": 1, "__proto__": {"polluted": true}}'));
    expect(!hostile.ok && hostile.issues.map((i) => i.field)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('schedules', () => {
  // 2025-06-02 is a Monday; 10:00 in Shanghai is 02:00 UTC.
  it('should find the next daily, weekly and monthly runs in China time', () => {
    const tz = 'Asia/Shanghai';
    const after = new Date('2025-06-02T02:00:00.000Z');
    expect(nextOccurrence({ every: 'day', time: '10:00', timezone: tz }, after)?.toISOString()).toBe('2025-06-03T02:00:00.000Z');
    expect(nextOccurrence({ every: 'day', time: '18:30', timezone: tz }, after)?.toISOString()).toBe('2025-06-02T10:30:00.000Z');
    expect(nextOccurrence({ every: 'week', time: '10:00', weekday: 1, timezone: tz }, after)?.toISOString()).toBe('2025-06-09T02:00:00.000Z');
    expect(nextOccurrence({ every: 'week', time: '10:00', weekday: 7, timezone: tz }, after)?.toISOString()).toBe('2025-06-08T02:00:00.000Z');
    expect(nextOccurrence({ every: 'month', time: '09:00', monthday: 1, timezone: tz }, after)?.toISOString()).toBe('2025-07-01T01:00:00.000Z');
    expect(nextOccurrence({ every: 'month', time: '09:00', monthday: 1, timezone: tz }, new Date('2025-12-15T00:00:00Z'))?.toISOString()).toBe('2026-01-01T01:00:00.000Z');
    // 23:30 on Sunday in Shanghai is still Sunday there, though Monday has not begun in UTC either.
    expect(nextOccurrence({ every: 'week', time: '00:30', weekday: 1, timezone: tz }, new Date('2025-06-01T15:00:00Z'))?.toISOString()).toBe('2025-06-01T16:30:00.000Z');
  });

  it('should run a single schedule once, and never after it passed', () => {
    const spec = { at: '2025-06-02T02:00:00.000Z', timezone: 'Asia/Shanghai' };
    expect(nextOccurrence(spec, new Date('2025-06-01T00:00:00Z'))?.toISOString()).toBe('2025-06-02T02:00:00.000Z');
    expect(nextOccurrence(spec, new Date('2025-06-02T02:00:00.000Z'))).toBeNull();
  });

  it('should list the runs in a period and say the schedule in words', () => {
    const weekly = { every: 'week' as const, time: '10:00', weekday: 1, timezone: 'Asia/Shanghai' };
    expect(occurrencesBetween(weekly, new Date('2025-06-01T00:00:00Z'), new Date('2025-06-30T00:00:00Z')).map((d) => d.toISOString())).toEqual([
      '2025-06-02T02:00:00.000Z',
      '2025-06-09T02:00:00.000Z',
      '2025-06-16T02:00:00.000Z',
      '2025-06-23T02:00:00.000Z',
    ]);
    expect(describeSchedule(weekly)).toEqual({ en: 'every Monday at 10:00 (China time)', zh: '每周一 10:00（北京时间）' });
    expect(describeSchedule({ every: 'month', time: '09:00', monthday: 5, timezone: 'Asia/Shanghai' }).zh).toBe('每月5日 09:00（北京时间）');
    expect(describeSchedule({ at: '2025-06-02T02:00:00.000Z', timezone: 'Asia/Shanghai' }).en).toBe('once, on 2025-06-02 10:00 (China time)');
  });

  it('should read moments as a designer writes them', () => {
    expect(parseMoment('2025-06-02 10:00')?.toISOString()).toBe('2025-06-02T02:00:00.000Z');
    expect(parseMoment('2025-06-02T10:00:00+08:00')?.toISOString()).toBe('2025-06-02T02:00:00.000Z');
    expect(parseMoment('2025-06-02T02:00:00Z')?.toISOString()).toBe('2025-06-02T02:00:00.000Z');
    for (const bad of ['2025-13-01 10:00', '2025-02-29 10:00', 'next monday', '2025-06-02', '2025-06-02T24:00']) expect(parseMoment(bad), bad).toBeUndefined();
  });
});

describe('simulating scheduled and API entries', () => {
  const batch = through(audience(), '!customer.opted_out');

  it('should enter the customer with the first scheduled run after the start when no time is given', () => {
    const result = simulateFlow(batch, {
      customer: { name: '周敏', value_tier: 'gold', opted_out: false },
      trigger: { type: 'schedule' },
      start: new Date('2025-06-03T00:00:00.000Z'),
      catalog: demoCatalog,
    });
    expect(result.status).toBe('done');
    expect(result.path[0]).toMatchObject({ nodeId: 'batch', outcome: 'entered', at: '2025-06-09T02:00:00.000Z' });
    expect(result.path[0].reason?.zh).toBe('随 2025-06-09 10:00（北京时间）的定时客群批次进入');
    expect(result.contacts[0].text).toBe('您好周敏');
  });

  it('should leave customers outside the audience, and say why', () => {
    const result = simulateFlow(batch, { customer: { value_tier: 'silver' }, trigger: { type: 'schedule', at: '2025-06-02T02:00:00.000Z' }, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
    expect(result.message?.en).toBe('The customer is not in the scheduled audience: "customer.value_tier == "gold"" was false.');
  });

  it('should say when a single run is already past', () => {
    const once = through(audience({ repeat: 'once', at: '2025-06-02 10:00' }), '!customer.opted_out');
    const result = simulateFlow(once, { customer: { value_tier: 'gold' }, trigger: { type: 'schedule' }, start: new Date('2025-07-01T00:00:00Z'), catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
    expect(result.message?.zh).toBe('定时客群的执行时间（单次，2025-06-02 10:00（北京时间））早于模拟开始时间。');
  });

  it('should tell how to simulate a flow that does not start on an event', () => {
    const result = simulateFlow(batch, { customer: {}, trigger: { type: 'balance_low' }, catalog: demoCatalog });
    expect(result.status).toBe('not_triggered');
    expect(result.message?.zh).toBe('该流程由定时客群启动，而不是“balance_low”：请用触发类型“schedule”模拟。');
  });

  it('should enrol through the API with checked attributes', () => {
    const g = through(api(), 'event.visits >= 3', '{{customer.name}}，{{event.store}}店欢迎您');
    const ok = simulateFlow(g, { customer: { name: '李娜' }, trigger: { type: 'api', attributes: { visits: 4, store: 'south' }, at: '2025-06-02T02:00:00.000Z' }, catalog: demoCatalog });
    expect(ok.contacts.map((c) => c.text)).toEqual(['李娜，south店欢迎您']);
    expect(ok.path[0].reason?.en).toBe('enrolled through the API');
    const bad = simulateFlow(g, { customer: {}, trigger: { type: 'api:enrol', attributes: { store: 'south' } }, catalog: demoCatalog });
    expect(bad.status).toBe('not_triggered');
    expect(bad.issues).toEqual([{ nodeId: 'enrol', rule: 'bad_enrolment', field: 'visits', message: { en: '"visits" is required.', zh: '缺少必填属性“visits”。' } }]);
  });
});
