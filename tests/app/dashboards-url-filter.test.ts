// How the dashboards read a shared link's filters: what the API accepts is applied, what it would
// refuse is left out and named with the reason, never sent to the server.
import { describe, expect, it } from 'vitest';
import { dropUnknown, parseUrlFilter } from '@/app/(app)/dashboards/url-filter';

const NOW = Date.parse('2026-12-02T02:00:00Z'); // 10:00 on 2 December in Shanghai
const read = (query: string) => parseUrlFilter(new URLSearchParams(query), NOW);
const CAMPAIGN = '3f1c2a4e-1111-4222-8333-944455556666';

describe('a dashboards link', () => {
  it('should apply every valid filter, over whole China Standard Time days', () => {
    const f = read(`from=2026-06-01&to=2026-06-30&department=market&campaign=${CAMPAIGN}&channel=sms&region=hangzhou&tab=loop`);
    expect(f.ignored).toEqual([]);
    expect(f.ignoredParams).toEqual([]);
    expect({ fromDay: f.fromDay, toDay: f.toDay }).toEqual({ fromDay: '2026-06-01', toDay: '2026-06-30' });
    expect(f.filter).toEqual({
      from: new Date('2026-05-31T16:00:00Z'),
      to: new Date('2026-06-30T16:00:00Z'),
      department: 'market',
      campaignId: CAMPAIGN,
      channel: 'sms',
      region: 'hangzhou',
    });
  });

  it('should show the last 30 days when the link gives no days', () => {
    const f = read('');
    expect([f.fromDay, f.toDay]).toEqual(['2026-11-03', '2026-12-02']);
    expect(f.ignored).toEqual([]);
  });

  it('should allow 800 days and refuse 801, showing the last 30 days and saying why', () => {
    expect(read('from=2024-09-24&to=2026-12-02').ignored).toEqual([]);
    expect(read('from=2024-09-23&to=2026-12-02').ignored).toMatchObject([{ kind: 'rangeTooLong' }]);
    const f = read('from=2024-01-01&to=2026-12-01&channel=sms');
    expect(f.ignored).toEqual([{ kind: 'rangeTooLong', from: '2024-01-01', to: '2026-12-01', max: 800 }]);
    expect([f.fromDay, f.toDay]).toEqual(['2026-11-03', '2026-12-02']);
    // The rest of the link still applies.
    expect(f.filter.channel).toBe('sms');
    expect(f.ignoredParams.sort()).toEqual(['from', 'to']);
  });

  it('should refuse a range that ends before it starts', () => {
    const f = read('from=2026-06-30&to=2026-06-01');
    expect(f.ignored).toEqual([{ kind: 'rangeReversed', from: '2026-06-30', to: '2026-06-01' }]);
    expect([f.fromDay, f.toDay]).toEqual(['2026-11-03', '2026-12-02']);
    // One day is a range.
    expect(read('from=2026-06-01&to=2026-06-01').ignored).toEqual([]);
  });

  it.each(['2026-02-31', '2026-6-1', 'yesterday', '2026-06-01T00:00', '20260601'])('should refuse the day %s', (day) => {
    const f = read(`from=${encodeURIComponent(day)}&to=2026-06-30`);
    expect(f.ignored).toEqual([{ kind: 'badDate', value: day }]);
    expect([f.fromDay, f.toDay]).toEqual(['2026-11-03', '2026-12-02']);
  });

  it('should leave out a bogus channel, campaign, department or region and keep the rest', () => {
    const long = 'x'.repeat(65);
    const f = read(`from=2026-06-01&to=2026-06-30&channel=fax&campaign=42&department=${long}&region=ningbo`);
    expect(f.ignored).toEqual([
      { kind: 'badValue', field: 'department', value: long },
      { kind: 'badValue', field: 'campaignId', value: '42' },
      { kind: 'badValue', field: 'channel', value: 'fax' },
    ]);
    expect(f.ignoredParams).toEqual(['department', 'campaign', 'channel']);
    expect(f.filter).toEqual({ from: new Date('2026-05-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z'), region: 'ningbo' });
    expect(f.channel).toBeUndefined();
  });

  it('should treat an empty parameter as not given', () => {
    const f = read('from=&to=&channel=');
    expect(f.ignored).toEqual([]);
    expect(f.filter.channel).toBeUndefined();
  });

  it('should leave out a department, campaign or city the dashboards do not know, once it knows them', () => {
    const known = { departments: ['market', 'customer_service'], campaigns: [{ id: CAMPAIGN }], regions: ['hangzhou', 'ningbo'] };
    const other = '9f1c2a4e-1111-4222-8333-944455556666';
    const link = read(`from=2026-06-01&to=2026-06-30&department=marketing&campaign=${other}&region=ningbo&channel=fax`);
    // Not yet known: the filter stands as the link has it.
    expect(dropUnknown(link, undefined)).toBe(link);
    const f = dropUnknown(link, known);
    expect(f.ignored).toEqual([
      { kind: 'badValue', field: 'channel', value: 'fax' },
      { kind: 'unknownValue', field: 'department', value: 'marketing' },
      { kind: 'unknownValue', field: 'campaignId', value: other },
    ]);
    expect(f.ignoredParams).toEqual(['channel', 'department', 'campaign']);
    expect(f.filter).toEqual({ from: new Date('2026-05-31T16:00:00Z'), to: new Date('2026-06-30T16:00:00Z'), region: 'ningbo' });
    expect([f.department, f.campaignId, f.region]).toEqual([undefined, undefined, 'ningbo']);
    // Everything known: the same object back.
    const good = read(`department=market&campaign=${CAMPAIGN}&region=hangzhou`);
    expect(dropUnknown(good, known)).toBe(good);
    expect(dropUnknown(read('region=wenzhou'), known).ignored).toEqual([{ kind: 'unknownValue', field: 'region', value: 'wenzhou' }]);
  });
});
