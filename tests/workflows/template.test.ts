import { describe, expect, it } from 'vitest';
import { checkTemplate, demoCatalog, renderTemplate, templateFields } from '../../workflows';

describe('templates', () => {
  it('should render customer and event placeholders', () => {
    const out = renderTemplate('尊敬的{{customer.name}}，已用{{ event.pct }}%', { customer: { name: '张伟' }, event: { pct: 80 } });
    expect(out).toEqual({ text: '尊敬的张伟，已用80%', missing: [] });
  });

  it('should render a missing value as empty and list it', () => {
    expect(renderTemplate('Hi {{customer.name}}!', { customer: {} })).toEqual({ text: 'Hi !', missing: ['customer.name'] });
    expect(renderTemplate('{{customer.constructor}}', { customer: {} })).toEqual({ text: '', missing: ['customer.constructor'] });
  });

  it('should report unknown and malformed placeholders', () => {
    const issues = checkTemplate('Hi {{customer.nick}} {{event.pct}} {{ nope }}', { catalog: demoCatalog, eventType: 'balance_low' });
    expect(issues.map((i) => i.code)).toEqual(['unknown_placeholder', 'unknown_placeholder', 'bad_placeholder']);
    expect(issues[0].message.en).toBe('"{{customer.nick}}" refers to no customer tag.');
    expect(checkTemplate('{{event.pct}}', { catalog: demoCatalog, eventType: 'data_usage_80pct' })).toEqual([]);
  });

  it('should list the fields a template uses', () => {
    expect(templateFields('{{customer.name}} {{event.city}} {{x}}')).toEqual(['customer.name', 'event.city']);
  });
});
