import { describe, expect, it } from 'vitest';
import { periodKey, reentryAllowed, type FlowSettings } from '../../workflows';

const at = (iso: string) => new Date(iso);
const settings = (reentry: FlowSettings['reentry'], concurrent = false): FlowSettings => ({ reentry, concurrent });
const done = (iso: string) => ({ startedAt: at(iso), active: false });

describe('re-entry', () => {
  it('should let anyone in the first time', () => {
    expect(reentryAllowed(settings('once'), [], at('2025-03-01T00:00:00Z')).allowed).toBe(true);
  });

  it('should refuse a second run for "once"', () => {
    const decision = reentryAllowed(settings('once'), [done('2024-01-01T00:00:00Z')], at('2025-03-01T00:00:00Z'));
    expect(decision.allowed).toBe(false);
    expect(decision.reason?.zh).toContain('仅限一次');
  });

  it('should refuse while a run is active unless concurrent', () => {
    const active = [{ startedAt: at('2025-03-01T00:00:00Z'), active: true }];
    expect(reentryAllowed(settings('every_time'), active, at('2025-03-02T00:00:00Z')).allowed).toBe(false);
    expect(reentryAllowed(settings('every_time', true), active, at('2025-03-02T00:00:00Z')).allowed).toBe(true);
  });

  it('should allow once per calendar month in China time', () => {
    const month = settings({ period: 'month' });
    // 2025-03-31T17:00Z is already April 1st, 01:00 in Hangzhou.
    expect(reentryAllowed(month, [done('2025-03-05T00:00:00Z')], at('2025-03-31T15:00:00Z')).allowed).toBe(false);
    expect(reentryAllowed(month, [done('2025-03-05T00:00:00Z')], at('2025-03-31T17:00:00Z')).allowed).toBe(true);
  });

  it('should use Monday-based weeks and local days', () => {
    // 2025-03-16 is a Sunday, 2025-03-17 a Monday (China time).
    expect(periodKey('week', at('2025-03-16T10:00:00Z'))).not.toBe(periodKey('week', at('2025-03-17T01:00:00Z')));
    expect(periodKey('week', at('2025-03-17T01:00:00Z'))).toBe(periodKey('week', at('2025-03-23T10:00:00Z')));
    expect(periodKey('day', at('2025-03-16T15:59:00Z'))).not.toBe(periodKey('day', at('2025-03-16T16:01:00Z')));
  });
});
