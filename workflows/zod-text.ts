import type { z } from 'zod';
import { t, type LocalizedText } from './text';

/**
 * Zod's issue messages are English and technical; campaign designers read Chinese first. This
 * words the common issues in both languages ("must be at least 1", "必须至少为 1").
 */

const zhByEn = new Map<string, string>();

/** A schema's own message (`.regex(re, formatMessage(en, zh))`), in both languages. */
export function formatMessage(en: string, zh: string): string {
  zhByEn.set(en, zh);
  return en;
}

/** The Chinese of a schema's own message, when it was written with formatMessage. */
export const chineseOf = (en: string): string | undefined => zhByEn.get(en);

const typeNames: Record<string, LocalizedText> = {
  string: t('text', '文本'),
  number: t('a number', '数字'),
  int: t('a whole number', '整数'),
  boolean: t('yes/no', '是/否'),
  array: t('a list', '列表'),
  object: t('a group of settings', '一组设置'),
};

export function zodIssueText(issue: z.core.$ZodIssue): LocalizedText {
  switch (issue.code) {
    case 'invalid_type': {
      if (/received undefined$/.test(issue.message)) return t('it is required', '必须填写');
      const want = typeNames[issue.expected] ?? t(issue.expected, issue.expected);
      return t(`it must be ${want.en}`, `必须是${want.zh}`);
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return t(`it must have at least ${min} characters`, `至少需要 ${min} 个字符`);
      if (issue.origin === 'array') return t(`it needs at least ${min} items`, `至少需要 ${min} 项`);
      return issue.inclusive ? t(`it must be at least ${min}`, `不能小于 ${min}`) : t(`it must be more than ${min}`, `必须大于 ${min}`);
    }
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return t(`it may have at most ${max} characters`, `最多 ${max} 个字符`);
      if (issue.origin === 'array') return t(`it may have at most ${max} items`, `最多 ${max} 项`);
      return issue.inclusive ? t(`it may be at most ${max}`, `不能大于 ${max}`) : t(`it must be less than ${max}`, `必须小于 ${max}`);
    }
    case 'invalid_value': {
      const allowed = issue.values.map((v) => String(v)).join(', ');
      return t(`it must be one of: ${allowed}`, `只能是以下之一：${allowed}`);
    }
    case 'invalid_format':
      return t(`it is not in the right format (${issue.message})`, `格式不正确（${zhByEn.get(issue.message) ?? issue.message}）`);
    case 'invalid_union':
      return t('it does not match any allowed form', '不符合任何允许的格式');
    default:
      return t(issue.message, `无效（${issue.message}）`);
  }
}
