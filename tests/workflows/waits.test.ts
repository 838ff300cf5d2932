import { describe, expect, it } from 'vitest';
import { compileFlow, demoCatalog, isTimeZone, localParts, simulateFlow, timerDue, validateFlow, type FlowIssue } from '../../workflows';
import { end, flow, sms, trigger, wait } from './helpers';

const rules = (issues: FlowIssue[]) => issues.map((i) => `${i.rule}@${i.nodeId ?? '-'}`).sort();
const now = new Date('2025-03-18T09:30:00.000Z'); // 17:30 in Hangzhou
const usage = { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, at: now.toISOString() };
const customer = { name: '王芳', arpu: 66.0, opted_out: false, contract_end: '2025-04-10', timezone: 'Europe/London' };

describe('timerDue', () => {
  it('should add a fixed delay', () => {
    expect(timerDue({ nodeId: 'w', delayMs: 3_600_000 }, now).at.toISOString()).toBe('2025-03-18T10:30:00.000Z');
  });

  it('should find the next time of day in the time zone', () => {
    const until = (time: string, timezone = 'Asia/Shanghai') => timerDue({ nodeId: 'w', until: { time, timezone } }, now, customer).at.toISOString();
    expect(until('09:00')).toBe('2025-03-19T01:00:00.000Z'); // already past today: tomorrow
    expect(until('20:00')).toBe('2025-03-18T12:00:00.000Z'); // later today
    expect(until('17:30')).toBe('2025-03-19T09:30:00.000Z'); // exactly now: the next one
    expect(until('10:00', 'customer')).toBe('2025-03-18T10:00:00.000Z'); // London, GMT in March
    expect(timerDue({ nodeId: 'w', until: { time: '10:00', timezone: 'Europe/London' } }, new Date('2025-04-01T00:00:00Z')).at.toISOString()).toBe(
      '2025-04-01T09:00:00.000Z', // London in summer time
    );
  });

  it('should use a date from the customer with an offset, or end at once without one', () => {
    const spec = { time: '10:00', timezone: 'Asia/Shanghai', field: 'contract_end', offsetDays: -7 };
    expect(timerDue({ nodeId: 'w', until: spec }, now, customer).at.toISOString()).toBe('2025-04-03T02:00:00.000Z');
    const missing = timerDue({ nodeId: 'w', until: spec }, now, { name: 'x' });
    expect(missing.at).toEqual(now);
    expect(missing.note?.en).toContain('contract_end is missing');
    const past = timerDue({ nodeId: 'w', until: spec }, now, { contract_end: '2025-03-01' });
    expect(past.at).toEqual(now);
    expect(past.note?.en).toContain('already passed');
  });
});

describe('localParts', () => {
  // The wall clock the runtime reads for every contact (quiet hours, the fatigue day) and every wait.
  const byIntl = (ms: number, timeZone: string) => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, Number(x.value)]));
    return { y: p.year, m: p.month, d: p.day, hh: p.hour, mm: p.minute, ss: p.second };
  };

  it('should read the same wall clock as the zone’s rules, minute by minute across offset changes', () => {
    const around = [
      ['America/New_York', '2025-03-09T07:00:00Z'], // spring forward
      ['America/New_York', '2025-11-02T06:00:00Z'], // fall back
      ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'], // a half-hour change
      ['Asia/Kathmandu', '2025-06-01T00:00:00Z'], // +05:45
      ['Europe/Amsterdam', '1937-07-01T00:00:00Z'], // +00:19:32 became +00:20 at 23:40:28 UTC
      ['Africa/Monrovia', '1972-01-07T00:44:00Z'], // -00:44:30 became GMT
    ] as const;
    for (const [zone, iso] of around) {
      const at = Date.parse(iso);
      for (let ms = at - 3 * 3_600_000; ms <= at + 3 * 3_600_000; ms += 60_000 + 7_000) {
        expect(localParts(ms, zone), `${zone} ${new Date(ms).toISOString()}`).toEqual(byIntl(ms, zone));
      }
    }
  });

  it('should read the default zone for a name that is not a zone', () => {
    const ms = Date.parse('2025-03-18T09:30:00Z');
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(localParts(ms, 'Mars/Olympus')).toEqual(byIntl(ms, 'Asia/Shanghai'));
  });
});

describe('wait_until', () => {
  it('should validate the time, the zone and the date tag', () => {
    const graph = (params: Record<string, unknown>) =>
      flow([trigger(), { id: 'later', kind: 'wait_until', params }, end()], [['start', 'out', 'later'], ['later', 'out', 'done']]);
    expect(validateFlow(graph({ mode: 'time_of_day', time: '09:30' }), demoCatalog).issues).toEqual([]);
    expect(rules(validateFlow(graph({ mode: 'time_of_day', time: '25:00' }), demoCatalog).issues)).toEqual(['bad_params@later']);
    expect(rules(validateFlow(graph({ mode: 'time_of_day', time: '09:30', timezone: 'Mars/Olympus' }), demoCatalog).issues)).toEqual(['bad_params@later']);
    expect(rules(validateFlow(graph({ mode: 'customer_date', field: 'arpu', time: '09:30' }), demoCatalog).issues)).toEqual(['unknown_tag@later']);
    expect(validateFlow(graph({ mode: 'customer_date', field: 'contract_end', offsetDays: -7, time: '10:00' }), demoCatalog).ok).toBe(true);
  });

  it('should simulate to the moment and compile to a startTimer with the spec', () => {
    const graph = validateFlow(
      flow([trigger(), { id: 'later', kind: 'wait_until', params: { mode: 'customer_date', field: 'contract_end', offsetDays: -7, time: '10:00' } }, sms('s', 'Hi'), end()], [['start', 'out', 'later'], ['later', 'out', 's'], ['s', 'out', 'done']]),
      demoCatalog,
    ).graph!;
    expect((compileFlow(graph).machine.states.later.entry as unknown[])[0]).toEqual({
      type: 'startTimer',
      params: { nodeId: 'later', until: { field: 'contract_end', offsetDays: -7, time: '10:00', timezone: 'Asia/Shanghai' } },
    });
    const result = simulateFlow(graph, { customer, trigger: usage, catalog: demoCatalog });
    expect(result.contacts[0].at).toBe('2025-04-03T02:00:00.000Z');
    const noDate = simulateFlow(graph, { customer: { name: 'x' }, trigger: usage, catalog: demoCatalog });
    expect(noDate.path.find((s) => s.outcome === 'elapsed')?.reason?.en).toContain('contract_end is missing');
  });
});

describe('wait_event', () => {
  const replyFlow = (condition = 'event.text == "Y"') =>
    flow(
      [trigger(), sms('ask', '回复Y办理'), { id: 'reply', kind: 'wait_event', params: { eventType: 'sms_reply', condition, timeout: { amount: 2, unit: 'days' } } }, sms('confirm', '已为您办理'), end()],
      [['start', 'out', 'ask'], ['ask', 'out', 'reply'], ['reply', 'event', 'confirm'], ['reply', 'timeout', 'done'], ['confirm', 'out', 'done']],
    );
  const reply = (text: string, at = '2025-03-18T10:30:00.000Z') => ({ at, type: 'sms_reply', attributes: { text } });

  it('should follow the event branch when the matching event arrives in time', () => {
    const result = simulateFlow(validateFlow(replyFlow(), demoCatalog).graph!, { customer, trigger: usage, events: [reply('Y')], catalog: demoCatalog });
    expect(result.status).toBe('done');
    const step = result.path.find((s) => s.nodeId === 'reply' && s.outcome === 'event')!;
    expect(step.at).toBe('2025-03-18T10:30:00.000Z');
    expect(step.reason?.en).toBe('the customer\'s sms_reply event arrived and event.text == "Y" was true (event.text = "Y")');
    expect(result.contacts.map((c) => c.nodeId)).toEqual(['ask', 'confirm']);
  });

  it('should time out when the event does not match or comes too late', () => {
    const graph = validateFlow(replyFlow(), demoCatalog).graph!;
    const no = simulateFlow(graph, { customer, trigger: usage, events: [reply('N'), reply('Y', '2025-03-21T00:00:00.000Z')], catalog: demoCatalog });
    expect(no.path.at(-2)).toMatchObject({ nodeId: 'reply', outcome: 'timeout', at: '2025-03-20T09:30:00.000Z' });
    expect(no.contacts.map((c) => c.nodeId)).toEqual(['ask']);
  });

  it('should validate its event, its condition against that event, and require a timeout', () => {
    expect(validateFlow(replyFlow(), demoCatalog).issues).toEqual([]);
    const wrongAttr = validateFlow(replyFlow('event.pct > 1'), demoCatalog);
    expect(rules(wrongAttr.issues)).toEqual(['bad_condition@reply']);
    const noTimeout = flow([trigger(), { id: 'reply', kind: 'wait_event', params: { eventType: 'sms_reply' } }, end()], [['start', 'out', 'reply'], ['reply', 'event', 'done'], ['reply', 'timeout', 'done']]);
    const result = validateFlow(noTimeout, demoCatalog);
    expect(rules(result.issues)).toEqual(['bad_params@reply']);
    expect(result.issues[0].field).toBe('timeout');
  });

  it('should restart the timeout when a loop comes straight back into the same wait', () => {
    const again = flow(
      [trigger(), { id: 'reply', kind: 'wait_event', params: { eventType: 'sms_reply', timeout: { amount: 2, unit: 'days' } } }, sms('ack', '收到'), end()],
      [['start', 'out', 'reply'], ['reply', 'event', 'ack'], ['ack', 'out', 'reply'], ['reply', 'timeout', 'done']],
    );
    const result = simulateFlow(validateFlow(again, demoCatalog).graph!, { customer, trigger: usage, events: [reply('hi')], catalog: demoCatalog });
    expect(result.path.find((s) => s.outcome === 'timeout')?.at).toBe('2025-03-20T10:30:00.000Z');
  });

  it('should never let a stale timer from an earlier visit fire', () => {
    const loop = flow(
      [trigger(), { id: 'reply', kind: 'wait_event', params: { eventType: 'sms_reply', timeout: { amount: 2, unit: 'days' } } }, wait('pause', 1, 'hours'), end()],
      [['start', 'out', 'reply'], ['reply', 'event', 'pause'], ['pause', 'out', 'reply'], ['reply', 'timeout', 'done']],
    );
    const result = simulateFlow(validateFlow(loop, demoCatalog).graph!, { customer, trigger: usage, events: [reply('hi')], catalog: demoCatalog });
    expect(result.path.map((s) => `${s.nodeId}:${s.outcome}@${s.at.slice(5, 16)}`)).toEqual([
      'start:entered@03-18T09:30',
      'reply:waiting@03-18T09:30',
      'reply:event@03-18T10:30',
      'pause:waiting@03-18T10:30',
      'pause:elapsed@03-18T11:30',
      'reply:waiting@03-18T11:30',
      'reply:timeout@03-20T11:30',
      'done:exited@03-20T11:30',
    ]);
  });
});
