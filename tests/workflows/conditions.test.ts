import { describe, expect, it } from 'vitest';
import { checkCondition, demoCatalog, evaluateCondition, explainCondition } from '../../workflows';

const scope = { catalog: demoCatalog, eventType: 'data_usage_80pct' };
const customer = { name: '张伟', arpu: 88.5, opted_out: false, tenure_months: 26, plan: 'basic_4g', region: 'hangzhou' };

describe('checkCondition', () => {
  it('should accept well-typed conditions over customer tags and event attributes', () => {
    for (const expr of [
      '!customer.opted_out && customer.arpu >= 50.0',
      'customer.arpu >= 50',
      'customer.tenure_months > 12',
      'event.pct >= 80 && event.plan_gb < 30.0',
      'customer.plan in ["basic_4g", "prepaid"]',
      'customer.device.startsWith("Huawei")',
      'has(customer.arpu) && customer.arpu > 10.0',
    ]) {
      expect(checkCondition(expr, scope), expr).toMatchObject({ ok: true, errors: [] });
    }
  });

  it('should report comparing a number with text, with its position', () => {
    const result = checkCondition('customer.arpu >= "50"', scope);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toMatchObject({ code: 'type_mismatch', start: 0, end: 21 });
    expect(result.errors[0].message.en).toContain('remove quotes');
    expect(result.errors[0].message.zh).toContain('数字不要加引号');
  });

  it('should name an unknown customer tag or event attribute', () => {
    const tag = checkCondition('customer.arpuu > 1.0', scope);
    expect(tag.errors[0]).toMatchObject({ code: 'unknown_field', start: 9, end: 14 });
    expect(tag.errors[0].message.en).toBe('"arpuu" is not a customer tag in the catalog.');
    const attr = checkCondition('event.balance < 5.0', scope);
    expect(attr.errors[0].message.en).toBe('"balance" is not an attribute of this event.');
  });

  it('should say when event is used with no event in scope', () => {
    const result = checkCondition('event.pct > 1', { catalog: demoCatalog });
    expect(result.errors[0].code).toBe('unknown_name');
  });

  it('should require a yes/no result', () => {
    const result = checkCondition('customer.arpu', scope);
    expect(result.errors[0].code).toBe('not_boolean');
    expect(result.errors[0].message.en).toContain('yes/no');
  });

  it('should report a value an enum tag can never have', () => {
    const result = checkCondition('customer.plan == "unlimted_5g"', scope);
    expect(result.errors[0]).toMatchObject({ code: 'unknown_enum_value', start: 17 });
    expect(result.errors[0].message.en).toContain('unlimited_5g');
  });

  it('should refuse matches(), __proto__ and constructor', () => {
    expect(checkCondition('customer.name.matches("(a+)+$")', scope).errors[0].code).toBe('forbidden_function');
    expect(checkCondition('matches(customer.name, "a")', scope).errors[0].code).toBe('forbidden_function');
    expect(checkCondition('customer.constructor == 1', scope).errors[0].code).toBe('forbidden_name');
    expect(checkCondition('customer["__proto__"] == 1', scope).errors[0].code).toBe('forbidden_name');
  });

  it('should refuse comprehensions, which could nest into minutes of work', () => {
    const list = `[${Array.from({ length: 200 }, (_, i) => i).join(',')}]`;
    const bomb = `${list}.all(a, ${list}.all(b, ${list}.all(c, ${list}.all(d, true))))`;
    expect(bomb.length).toBeLessThan(4096);
    const started = Date.now();
    expect(checkCondition(bomb, scope).errors[0].code).toBe('forbidden_function');
    expect(evaluateCondition(bomb, { customer }, scope)).toBe(false);
    expect(Date.now() - started).toBeLessThan(500);
    for (const macro of ['exists', 'exists_one', 'map', 'filter']) {
      expect(checkCondition(`[1].${macro}(x, true) == true`, scope).errors[0].code, macro).toBe('forbidden_function');
    }
  });

  it('should refuse oversized, deeply nested and empty conditions', () => {
    expect(checkCondition('true && '.repeat(600) + 'true', scope).errors[0].code).toBe('too_long');
    expect(checkCondition('('.repeat(100) + 'true' + ')'.repeat(100), scope).errors[0].code).toBe('too_complex');
    expect(checkCondition('1<2||'.repeat(700) + 'true', scope).errors[0].code).toBe('too_complex');
    expect(checkCondition('  ', scope).errors[0].code).toBe('empty');
    expect(checkCondition('', { ...scope, allowEmpty: true }).ok).toBe(true);
  });

  it('should report syntax errors with a position', () => {
    const result = checkCondition('customer.arpu >', scope);
    expect(result.errors[0]).toMatchObject({ code: 'syntax', start: 15 });
  });

  it('should never throw on hostile input', () => {
    for (const expr of [null, 42, {}, '"\\u0000"', '\u0000', '}}}}', 'a'.repeat(5000), '[1,2,3'.repeat(50)]) {
      expect(() => checkCondition(expr, scope)).not.toThrow();
    }
  });
});

describe('evaluateCondition', () => {
  it('should evaluate against the customer and the event, with ints from JSON numbers', () => {
    expect(evaluateCondition('!customer.opted_out && customer.arpu >= 50.0', { customer }, scope)).toBe(true);
    expect(evaluateCondition('customer.arpu >= 100.0', { customer }, scope)).toBe(false);
    expect(evaluateCondition('customer.tenure_months + 1 > 12', { customer }, scope)).toBe(true);
    expect(evaluateCondition('event.pct >= 80', { customer, event: { pct: 85 } }, scope)).toBe(true);
  });

  it('should treat an empty condition as true', () => {
    expect(evaluateCondition('', { customer }, scope)).toBe(true);
  });

  it('should treat a missing tag as false and say so', () => {
    expect(evaluateCondition('!customer.opted_out', { customer: { arpu: 60 } }, scope)).toBe(false);
    const why = explainCondition('!customer.opted_out', { customer: { arpu: 60 } }, scope);
    expect(why.error?.code).toBe('missing_field');
    expect(why.error?.message.en).toContain('customer.opted_out is missing');
  });

  it('should treat a tag of the wrong type as false, never throw', () => {
    expect(evaluateCondition('customer.arpu > 1.0', { customer: { arpu: 'lots' } }, scope)).toBe(false);
    expect(evaluateCondition('customer.arpu > 1.0', { customer: { arpu: null } }, scope)).toBe(false);
    expect(evaluateCondition('customer.arpu >', { customer }, scope)).toBe(false);
    expect(evaluateCondition('customer.name.matches("a")', { customer }, scope)).toBe(false);
  });

  it('should work without a catalog, with dynamic fields', () => {
    expect(evaluateCondition('customer.arpu >= 50.0 && customer.tenure_months > 12', { customer })).toBe(true);
    expect(evaluateCondition('customer.nothing == 1', { customer })).toBe(false);
  });

  it('should give the verdict its explanation gives, every time it is asked', () => {
    // The runtime's evaluation skips the explanation's field reads; the yes/no must not differ.
    const cases: [string, Record<string, unknown>][] = [
      ['!customer.opted_out && customer.arpu >= 50.0', customer],
      ['!customer.opted_out', { arpu: 60 }],
      ['customer.arpu > 1.0', { arpu: 'lots' }],
      ['customer.arpu', customer],
      ['customer.arpu >', customer],
      ['customer.name.matches("a")', customer],
      ['x'.repeat(5000), customer],
      ['', customer],
      ['customer.value_tier in ["gold", "silver"]', customer],
    ];
    for (let round = 0; round < 2; round++) {
      for (const [expr, c] of cases) {
        for (const s of [scope, {}]) expect(evaluateCondition(expr, { customer: c }, s), expr.slice(0, 40)).toBe(explainCondition(expr, { customer: c }, s).value);
      }
    }
  });
});

describe('condition mistakes worded for campaign designers', () => {
  const zh = (expr: string) => checkCondition(expr, { catalog: demoCatalog, eventType: 'balance_low' }).errors.map((e) => e.message.zh);
  const en = (expr: string) => checkCondition(expr, { catalog: demoCatalog, eventType: 'balance_low' }).errors.map((e) => e.message.en);

  it('should name the fix for what people type as they would say it', () => {
    expect(zh('customer.plan = "prepaid"')).toEqual(['比较是否相等请写“==”（两个等号），单个“=”不是比较。']);
    expect(en('customer.arpu >= 50.0 and !customer.opted_out')).toEqual(['Write "&&" instead of "and".']);
    expect(zh('customer.arpu > 50.0 or customer.tenure_months > 12')).toEqual(['请用“||”代替“or”。']);
    expect(en('customer.arpu =< 3.0')).toEqual(['Write "<=" (the "=" comes second).']);
    expect(zh('customer.arpu > 50.0 &&')).toEqual(['条件不完整：末尾缺少内容（最后一个 &&、|| 或比较符号之后）。']);
  });

  it('should spot full-width characters typed with a Chinese input method', () => {
    expect(zh('（customer.arpu > 50.0）')).toEqual(['“（”是全角（中文输入法）字符，请切换到英文输入法输入 (。']);
    expect(en('customer.arpu ＞ 50.0')).toEqual(['"＞" is a full-width (Chinese input) character; type > in half-width (English) input instead.']);
    expect(zh('customer.name == "张（三）"')).toEqual([]);
  });

  it('should explain type mistakes without programming words', () => {
    expect(en('customer.value_tier == gold')[0]).toContain('if "gold" is a value, put it in quotes: "gold"');
    expect(zh('customer.opted_out == "false"')[0]).toContain('请写不带引号的 true 或 false');
    expect(zh('customer.plan in ("prepaid")')[0]).toContain('in 后面请写方括号列表');
    expect(zh('customer.arpu > 50.0 && event.balance')).toEqual(['&& 和 || 两边都必须是“是/否”判断，但其中一边是数字；请加上比较，例如 customer.arpu > 50.0。']);
    expect(zh('!customer.arpu')).toEqual(['“!”（非）只能放在是/否标签或比较之前，不能放在数字之前。']);
    expect(zh('customer.name.contains(1)')[0]).toContain('文本函数的参数要加英文引号');
    for (const expr of ['customer.plan = "prepaid"', '（customer.arpu > 50.0）', 'customer.arpu > 50.0 && event.balance', '!customer.arpu']) {
      expect(zh(expr)[0], expr).not.toMatch(/[A-Z][a-z]+ (character|token|operator|overload)/);
    }
  });
});

