import { z } from 'zod';
import { findEventType } from '../catalog';
import { t } from '../text';
import { conditionIssues } from './condition-issues';
import { defineNode, type KindIssue } from './define';

/** The flow's single entry: a touchpoint event of a type, optionally filtered by a condition. */
export const trigger = defineNode({
  kind: 'trigger',
  category: 'entry',
  label: t('Trigger', '触发器'),
  description: t('Starts the flow when a customer produces this event.', '客户产生此事件时启动流程。'),
  params: z.object({
    eventType: z.string().max(64).meta({ label: t('Event', '事件'), widget: 'event-type' }),
    condition: z
      .string()
      .max(4096)
      .default('')
      .meta({ label: t('Only when (optional)', '仅当（可选）'), widget: 'condition' }),
  }),
  defaults: { eventType: '', condition: '' },
  outputs: () => ['out'],
  portLabels: { out: t('Next', '下一步') },
  validate(params, ctx) {
    const issues: KindIssue[] = [];
    if (!findEventType(ctx.catalog, params.eventType)) {
      issues.push({
        rule: params.eventType === '' ? 'missing_event_type' : 'unknown_event_type',
        field: 'eventType',
        message:
          params.eventType === ''
            ? t('choose the event that starts the flow.', '请选择启动流程的事件。')
            : t(`the event "${params.eventType}" is not in the catalog.`, `事件“${params.eventType}”不在事件目录中。`),
      });
      return issues;
    }
    issues.push(...conditionIssues(params.condition, { catalog: ctx.catalog, eventType: params.eventType, allowEmpty: true }, 'condition'));
    return issues;
  },
  compile(node, ctx) {
    return { entry: [ctx.step('entered')], always: { target: ctx.next('out') } };
  },
});
