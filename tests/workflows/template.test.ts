import { describe, expect, it } from 'vitest';
import { checkTemplate, demoCatalog, renderTemplate, templateFields, templateLanguage } from '../../workflows';

const scope = { catalog: demoCatalog };

describe('templates', () => {
  it('should render customer and event placeholders', () => {
    const out = renderTemplate('尊敬的{{customer.name}}，已用{{ event.pct }}%', { customer: { name: '张伟' }, event: { pct: 80 } }, { catalog: demoCatalog, eventType: 'data_usage_80pct' });
    expect(out).toEqual({ text: '尊敬的张伟，已用80%', missing: [] });
  });

  it('should render a missing value as empty and list it', () => {
    expect(renderTemplate('Hi {{customer.name}}!', { customer: {} }, scope)).toEqual({ text: 'Hi !', missing: ['customer.name'] });
    expect(renderTemplate('{{customer.constructor}}', { customer: {} }, scope)).toEqual({ text: '', missing: ['customer.constructor'] });
  });

  it('should write enum values by their names in the language the template is written in', () => {
    const customer = { name: '张伟', plan: 'family_5g', region: 'ningbo' };
    expect(renderTemplate('{{customer.name}}您好，您的{{customer.plan}}在{{customer.region}}可享优惠', { customer }, scope).text).toBe(
      '张伟您好，您的5G家庭套餐在宁波可享优惠',
    );
    expect(renderTemplate('Dear {{customer.name}}, your {{customer.plan}} plan in {{customer.region}}', { customer }, scope).text).toBe(
      'Dear 张伟, your Family 5G plan in Ningbo',
    );
    // The triggering event's enum attributes too, by that event type's declaration.
    const complaint = { catalog: demoCatalog, eventType: 'complaint' };
    expect(renderTemplate('关于{{event.channel}}的投诉（{{event.category}}）', { event: { channel: 'sms', category: 'billing' } }, complaint).text).toBe(
      '关于短信的投诉（计费）',
    );
    // A value the catalog does not name, a string tag and a text without the catalog stay as they are.
    expect(renderTemplate('{{customer.plan}}套餐', { customer: { plan: 'legacy_3g' } }, scope).text).toBe('legacy_3g套餐');
    expect(renderTemplate('{{customer.device}}', { customer: { device: 'family_5g' } }, scope).text).toBe('family_5g');
    expect(renderTemplate('您的{{customer.plan}}', { customer }, {}).text).toBe('您的family_5g');
  });

  it('should take a template with a Chinese character as Chinese', () => {
    expect(templateLanguage('余额不足')).toBe('zh');
    expect(templateLanguage('Hi {{customer.name}}，')).toBe('en');
    expect(templateLanguage('Hi 张 {{customer.name}}')).toBe('zh');
    expect(templateLanguage('')).toBe('en');
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
