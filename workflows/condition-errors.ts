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
          ? t(
              'This condition has no event: "event." can only be used after a trigger, an API entry or inside a wait-for-event (a scheduled audience has no event).',
              '此处没有事件：“event.” 只能用于触发器、API 接入之后或等待事件节点中（定时客群没有事件）。',
            )
          : /^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
            ? t(`Use customer.<tag> or event.<attribute>; if "${clip(name)}" is a value, put it in quotes: "${clip(name)}".`, `请使用 customer.<标签> 或 event.<属性>；如果“${clip(name)}”是一个取值，请加英文引号："${clip(name)}"。`)
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
        if (op === 'in') {
          return {
            code: 'type_mismatch',
            message: t(
              `"${near}": after "in" write a list in square brackets, e.g. customer.plan in ["prepaid", "basic_4g"].`,
              `“${near}”：in 后面请写方括号列表，例如 customer.plan in ["prepaid", "basic_4g"]。`,
            ),
            ...range,
          };
        }
        if ((left === 'bool' && right === 'string') || (left === 'string' && right === 'bool')) {
          return {
            code: 'type_mismatch',
            message: t(
              `"${near}" compares a yes/no tag with text; write true or false without quotes, e.g. customer.opted_out == false.`,
              `“${near}”把是/否标签和文本比较；请写不带引号的 true 或 false，例如 customer.opted_out == false。`,
            ),
            ...range,
          };
        }
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
  const specific = commonMistake(summary, expr, near);
  if (specific) return { ...specific, ...range };
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


const FULL_WIDTH: Record<string, string> = {
  '（': '(', '）': ')', '＞': '>', '＜': '<', '＝': '=', '！': '!', '“': '"', '”': '"', '‘': "'", '’': "'", '，': ',', '＆': '&', '｜': '|', '［': '[', '］': ']', '．': '.',
};

/** The mistakes people who are not programmers make most, worded with the fix. */
function commonMistake(summary: string, expr: string, near: string): Omit<ConditionError, 'start' | 'end'> | undefined {
  const char = /Unexpected character: '?(.)'?/.exec(summary)?.[1] ?? near.charAt(0);
  if (FULL_WIDTH[char]) {
    return {
      code: 'full_width',
      message: t(
        `"${char}" is a full-width (Chinese input) character; type ${FULL_WIDTH[char]} in half-width (English) input instead.`,
        `“${char}”是全角（中文输入法）字符，请切换到英文输入法输入 ${FULL_WIDTH[char]}。`,
      ),
    };
  }
  // Outside quoted text: people write "and", "or", "not" as they would say it.
  const code = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
  const word = /\b(and|or|not|AND|OR|NOT)\b/.exec(code)?.[1];
  if (word && /Unexpected/.test(summary)) {
    const symbol = { and: '&&', or: '||', not: '!' }[word.toLowerCase() as 'and' | 'or' | 'not'];
    return { code: 'syntax', message: t(`Write "${symbol}" instead of "${word}".`, `请用“${symbol}”代替“${word}”。`) };
  }
  const reversed = /=\s*([<>])/.exec(code);
  if (reversed && /Unexpected/.test(summary)) {
    return { code: 'syntax', message: t(`Write "${reversed[1]}=" (the "=" comes second).`, `请写“${reversed[1]}=”（等号在后）。`) };
  }
  if (/Unexpected character: '?='?/.test(summary) || (near === '=' && /Unexpected/.test(summary))) {
    return { code: 'syntax', message: t('To compare, write "==" (two equals signs); "=" alone is not a comparison.', '比较是否相等请写“==”（两个等号），单个“=”不是比较。') };
  }
  if (/Unexpected token: EOF/.test(summary)) {
    return {
      code: 'syntax',
      message: t('The condition ends too early: something is missing at the end (after the last &&, || or comparison).', '条件不完整：末尾缺少内容（最后一个 &&、|| 或比较符号之后）。'),
    };
  }
  const logical = /Logical operator requires bool operands, got '?(\w+)'?/.exec(summary);
  if (logical) {
    const kind = describeType(logical[1]);
    return {
      code: 'not_boolean',
      message: t(
        `Each side of && and || must be a yes/no question, but one side is ${kind.en}; compare it, e.g. customer.arpu > 50.0.`,
        `&& 和 || 两边都必须是“是/否”判断，但其中一边是${kind.zh}；请加上比较，例如 customer.arpu > 50.0。`,
      ),
    };
  }
  const not = /no such overload: !(\w+)/.exec(summary);
  if (not) {
    return {
      code: 'not_boolean',
      message: t(
        `"!" (not) only goes before a yes/no tag or a comparison, not before ${describeType(not[1]).en}.`,
        `“!”（非）只能放在是/否标签或比较之前，不能放在${describeType(not[1]).zh}之前。`,
      ),
    };
  }
  const call = /found no matching overload for '(\w+)\.(\w+)\((.*)\)'/.exec(summary);
  if (call) {
    return {
      code: 'type_mismatch',
      message: t(
        `${call[2]}() cannot be used like this; text functions take text in quotes, e.g. customer.device.startsWith("Huawei").`,
        `${call[2]}() 用法不对；文本函数的参数要加英文引号，例如 customer.device.startsWith("Huawei")。`,
      ),
    };
  }
  return undefined;
}
