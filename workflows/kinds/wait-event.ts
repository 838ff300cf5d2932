import { z } from 'zod';
import { findEventType } from '../catalog';
import { checkCondition } from '../conditions';
import { isEntryEventType } from '../enrolment';
import { t } from '../text';
import { defineNode, type KindIssue } from './define';
import { Duration, durationMs, MAX_WAIT_MS } from './duration';

/**
 * Waits for a touchpoint event of the same customer (the runtime routes `octo.event` by
 * customer id), optionally matching a condition, with a REQUIRED timeout so nobody waits forever.
 * In this node's condition `event.*` is the awaited event; downstream, `event.*` is still the trigger.
 */
export const waitEvent = defineNode({
  kind: 'wait_event',
  category: 'time',
  label: t('Wait for event', '等待事件'),
  description: t('Waits until the customer does something, or gives up after a time.', '等待客户发生某个行为，超时则放弃。'),
  params: z.object({
    eventType: z.string().max(64).meta({ label: t('Event', '事件'), widget: 'event-type' }),
    condition: z.string().max(4096).default('').meta({ label: t('Only when (optional)', '仅当（可选）'), widget: 'condition' }),
    timeout: Duration.meta({ label: t('Give up after', '超时时间') }),
  }),
  defaults: { eventType: '', condition: '', timeout: { amount: 3, unit: 'days' } },
  outputs: () => ['event', 'timeout'],
  portLabels: { event: t('Event happened', '事件发生'), timeout: t('Timed out', '超时') },
  validate(p, ctx) {
    const issues: KindIssue[] = [];
    // The API entry's own attributes are an event type in ctx.catalog, but no customer ever sends it.
    if (!findEventType(ctx.catalog, p.eventType) || isEntryEventType(p.eventType)) {
      issues.push({
        rule: p.eventType === '' ? 'missing_event_type' : 'unknown_event_type',
        field: 'eventType',
        message: p.eventType === '' ? t('choose the event to wait for.', '请选择要等待的事件。') : t(`the event "${p.eventType}" is not in the catalog.`, `事件“${p.eventType}”不在事件目录中。`),
      });
    } else {
      for (const e of checkCondition(p.condition, { catalog: ctx.catalog, eventType: p.eventType, allowEmpty: true }).errors) {
        issues.push({ rule: 'bad_condition', field: 'condition', message: e.message, start: e.start, end: e.end });
      }
    }
    if (durationMs(p.timeout) > MAX_WAIT_MS) {
      issues.push({ rule: 'wait_too_long', field: 'timeout', message: t('a wait may last at most 366 days.', '等待时间最长为366天。') });
    }
    return issues;
  },
  compile(node, ctx) {
    return {
      entry: [{ type: 'startTimer', params: { nodeId: node.id, delayMs: durationMs(node.params.timeout) } }, ctx.step('waiting')],
      on: {
        'octo.event': {
          guard: { type: 'eventMatches', params: { eventType: node.params.eventType, expr: node.params.condition } },
          target: ctx.next('event'),
          actions: [ctx.step('event')],
        },
        'octo.timer': {
          guard: { type: 'timerFor', params: { nodeId: node.id } },
          target: ctx.next('timeout'),
          actions: [ctx.step('timeout')],
        },
      },
    };
  },
});
