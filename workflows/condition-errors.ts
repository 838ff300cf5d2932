import { clip, t, type LocalizedText } from './text';
import type { ConditionError } from './conditions';

/** Wording of CEL parse and type errors for people who are not programmers. */

const typeWords: Record<string, LocalizedText> = {
  int: t('a whole number', '整数'),
  uint: t('a whole number', '整数'),
  double: t('a number', '数字'),
  string: t('text', '文本'),
  bool: t('yes/no', '是/否'),
};

export function describeType(type: string): LocalizedText {
  return typeWords[type] ?? t(type, type);
}

/** Turns a cel-js parse or type error into a message a marketing person can act on. */
export function friendly(err: unknown, expr: string): ConditionError {
  const e = err as { code?: string; summary?: string; message?: string; range?: { start: number; end: number } };
  const range = e.range ? { start: e.range.start, end: e.range.end } : {};
  const summary = e.summary ?? e.message ?? String(err);
  const near = e.range ? clip(expr.slice(e.range.start, Math.max(e.range.end, e.range.start + 1)), 40) : '';
  switch (e.code) {
    case 'no_such_key': {
      const key = /No such key: (.*)/.exec(summary)?.[1] ?? near;
      const before = e.range ? expr.slice(0, e.range.start) : '';
      const what = /event\s*\.?\s*\[?\s*$/.test(before)
        ? t('an attribute of this event', '此事件的属性')
        : t('a customer tag in the catalog', '标签目录中的客户标签');
      return {
        code: 'unknown_field',
        message: t(`"${clip(key)}" is not ${what.en}.`, `“${clip(key)}”不是${what.zh}。`),
        ...range,
      };
    }
    case 'unknown_variable': {
      const name = /Unknown variable: (.*)/.exec(summary)?.[1] ?? near;
      const hint =
        name === 'event'
          ? t('This condition has no event: "event." can only be used after a trigger or wait-for-event.', '此处没有事件：“event.” 只能用于触发器或等待事件之后。')
          : t('Use customer.<tag> or event.<attribute>.', '请使用 customer.<标签> 或 event.<属性>。');
      return {
        code: 'unknown_name',
        message: t(`Unknown name "${clip(name)}". ${hint.en}`, `未知名称“${clip(name)}”。${hint.zh}`),
        ...range,
      };
    }
    case 'no_such_overload': {
      const m = /no such overload: (\w+) (\S+) (\w+)/.exec(summary);
      if (m) {
        const [, left, op, right] = m;
        const l = describeType(left);
        const r = describeType(right);
        return {
          code: 'type_mismatch',
          message: t(
            `"${near}" mixes ${l.en} and ${r.en} with "${op}"; compare values of the same kind (remove quotes around numbers).`,
            `“${near}”用“${op}”混合了${l.zh}和${r.zh}；请比较同类的值（数字不要加引号）。`,
          ),
          ...range,
        };
      }
      break;
    }
    case 'limit_exceeded':
      return {
        code: 'too_complex',
        message: t('The condition is too complex; split it across several condition nodes.', '条件过于复杂，请拆分到多个条件节点。'),
        ...range,
      };
  }
  if ((err as Error)?.name === 'ParseError') {
    return {
      code: 'syntax',
      message: t(
        `The condition is not written correctly near "${near}" (${summary}).`,
        `条件写法有误，位置在“${near}”附近（${summary}）。`,
      ),
      ...range,
    };
  }
  return { code: 'invalid', message: t(`The condition is not valid: ${summary}`, `条件无效：${summary}`), ...range };
}

