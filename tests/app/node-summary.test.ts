// The one-line summary on a canvas node names a setting's choice as the designer picked it
// (优先级 高), not by its code (high).
import { describe, expect, it } from 'vitest';
import { summarize, type SummaryContext } from '@/app/_components/flow/node-summary';
import { kindFields } from '@/app/(app)/campaigns/[id]/form-schema';

const ctx = (locale: string): SummaryContext => ({
  catalog: undefined,
  locale,
  words: { duration: (a, u) => `${String(a)} ${u}`, noEvent: '', noCondition: '', emptyMessage: '', heldOut: '' },
});

describe('canvas node summary', () => {
  it('should name an outbound call’s priority and a schedule’s repetition in the reader’s language', () => {
    const call = { script: '您好', priority: 'high', deadlineHours: 72 };
    expect(summarize('outbound_call', call, ctx('zh-CN'))).toBe('您好 · 高 · 72');
    expect(summarize('outbound_call', call, ctx('en'))).toBe('您好 · High · 72');
    expect(summarize('scheduled_audience', { repeat: 'weekly' }, ctx('zh-CN'))).toBe('每周');
  });

  it('should still show an unknown kind’s text settings as they are', () => {
    expect(summarize('no_such_kind', { a: 'x', b: 2 }, ctx('en'))).toBe('x · 2');
  });
});

describe('settings form fields', () => {
  it('should carry each choice’s name, nested ones included (a wait’s unit)', () => {
    const priority = kindFields('outbound_call').find((f) => f.key === 'priority');
    expect(priority).toMatchObject({ type: 'enum', valueLabels: { low: { en: 'Low', zh: '低' } } });
    const duration = kindFields('wait').find((f) => f.key === 'duration');
    const unit = duration?.type === 'object' ? duration.fields.find((f) => f.key === 'unit') : undefined;
    expect(unit).toMatchObject({ type: 'enum', valueLabels: { days: { en: 'Days', zh: '天' } } });
  });
});
