// Whether a value fits a declared field (an event attribute, a customer tag), and if not, why, in
// both languages: the one check behind event intake, the partner API's tag updates and replays.
import { t, type FieldDef, type LocalizedText } from '../../workflows';

/** What is wrong with `value` for `def` (null when it fits); strings longer than `maxLength` are refused too. */
export function valueProblem(def: FieldDef, value: unknown, maxLength = Infinity): LocalizedText | null {
  switch (def.type) {
    case 'int':
      return typeof value === 'number' && Number.isSafeInteger(value) ? null : t('expected a whole number', '应为整数');
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? null : t('expected a number', '应为数字');
    case 'string':
      if (typeof value !== 'string') return t('expected a string', '应为文本');
      return value.length <= maxLength ? null : t(`longer than ${maxLength} characters`, `超过 ${maxLength} 个字符`);
    case 'bool':
      return typeof value === 'boolean' ? null : t('expected true or false', '应为 true 或 false');
    case 'enum': {
      const values = def.values ?? [];
      return typeof value === 'string' && values.includes(value) ? null : t(`expected one of ${values.join(', ')}`, `应为以下之一：${values.join('、')}`);
    }
  }
}

/** A field's problem as a refusal naming it and quoting (the start of) what was given. */
export function fieldValueRefusal(path: string, problem: LocalizedText, value: unknown, en = '', zh = ''): LocalizedText {
  const got = JSON.stringify(value).slice(0, 60);
  return t(`${path}: ${problem.en}${en}, got ${got}`, `${path}：${problem.zh}${zh}，收到 ${got}`);
}
