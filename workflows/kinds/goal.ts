import { z } from 'zod';
import { findEventType } from '../catalog';
import { isEntryEventType } from '../enrolment';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';
import { Duration, durationMs, MAX_WAIT_MS } from './duration';

/**
 * The campaign's goal: a conversion event (e.g. order_placed for the offered product) within a
 * window. Its `converted` step is what evaluation counts as a success; the customer then goes on
 * (usually to an end), as they do when the window closes.
 */
export const goal = defineNode({
  kind: 'goal',
  category: 'outcome',
  label: t('Goal', '营销目标'),
  description: t('Counts a conversion when the customer does this within the window.', '客户在期限内完成该行为即计为转化成功。'),
  params: z.object({
    eventType: z.string().max(64).meta({ label: t('Conversion event', '转化事件'), widget: 'event-type' }),
    condition: z.string().max(4096).default('').meta({ label: t('Only when (optional)', '仅当（可选）'), widget: 'condition' }),
    window: Duration.meta({ label: t('Within', '期限') }),
  }),
  defaults: { eventType: 'order_placed', condition: '', window: { amount: 7, unit: 'days' } },
  outputs: () => ['converted', 'not_converted'],
  portLabels: { converted: t('Converted', '已转化'), not_converted: t('Not converted', '未转化') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    // The API entry's own attributes are an event type in ctx.catalog, but no customer ever sends it.
    if (!findEventType(ctx.catalog, p.eventType) || isEntryEventType(p.eventType)) {
      issues.push({ rule: 'unknown_event_type', field: 'eventType', message: t(`the event "${p.eventType}" is not in the catalog.`, `事件“${p.eventType}”不在事件目录中。`) });
    } else {
      issues.push(...conditionIssues(p.condition, { catalog: ctx.catalog, eventType: p.eventType, allowEmpty: true }, 'condition'));
    }
    if (durationMs(p.window) > MAX_WAIT_MS) {
      issues.push({ rule: 'wait_too_long', field: 'window', message: t('a wait may last at most 366 days.', '等待时间最长为366天。') });
    }
    return issues;
  },
  compile(node, ctx) {
    const p = node.params;
    return {
      entry: [{ type: 'startTimer', params: { nodeId: node.id, delayMs: durationMs(p.window) } }, ctx.step('waiting')],
      on: {
        'octo.event': {
          guard: { type: 'eventMatches', params: { eventType: p.eventType, expr: p.condition } },
          target: ctx.next('converted'),
          actions: [ctx.step('converted')],
        },
        'octo.timer': { guard: { type: 'timerFor', params: { nodeId: node.id } }, target: ctx.next('not_converted'), actions: [ctx.step('not_converted')] },
      },
    };
  },
});
