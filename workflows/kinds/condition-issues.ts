// The issues of a node's condition parameter, one shape for every kind that has one: each error
// of the expression becomes a `bad_condition` issue at `field`, with its place in the text, and
// with a prefix naming the line or branch where a node has several conditions.
import { checkCondition, type CheckOptions } from '../conditions';
import { t, type LocalizedText } from '../text';
import type { KindIssue } from './define';

export function conditionIssues(expr: unknown, opts: CheckOptions, field: string, prefix?: LocalizedText): KindIssue[] {
  return checkCondition(expr, opts).errors.map((e) => ({
    rule: 'bad_condition',
    field,
    message: prefix ? t(`${prefix.en}: ${e.message.en}`, `${prefix.zh}：${e.message.zh}`) : e.message,
    start: e.start,
    end: e.end,
  }));
}
