import { z } from 'zod';
import { t } from '../text';
import { checkText, templateField } from './contact';
import { defineNode } from './define';
import { Duration, durationMs, MAX_WAIT_MS } from './duration';

export const DEPARTMENTS = ['market', 'customer_service', 'it_support', 'head_office'] as const;

/**
 * A person signs off before the customer goes on (e.g. a manager approves a high-value retention
 * offer). Emits `requestApproval`; the decision comes back as
 * `{ type: 'octo.approval', nodeId, decision: 'approved' | 'rejected' }`; a timeout is required.
 */
export const approval = defineNode({
  kind: 'approval',
  category: 'people',
  label: t('Approval', '审批'),
  description: t('Waits for a department to approve or reject.', '等待相关部门审批通过或驳回。'),
  params: z.object({
    department: z.enum(DEPARTMENTS).meta({ label: t('Department', '审批部门') }),
    role: z.string().max(64).optional().meta({ label: t('Role (optional)', '岗位（可选）'), widget: 'role' }),
    note: templateField(1000, 'What to approve', '审批说明'),
    timeout: Duration.meta({ label: t('Give up after', '超时时间') }),
  }),
  defaults: { department: 'market', note: '', timeout: { amount: 1, unit: 'days' } },
  outputs: () => ['approved', 'rejected', 'timeout'],
  portLabels: { approved: t('Approved', '通过'), rejected: t('Rejected', '驳回'), timeout: t('No answer in time', '超时未审批') },
  validate(p, ctx) {
    const issues = checkText('note', p.note, ctx, t('note', '审批说明'));
    if (durationMs(p.timeout) > MAX_WAIT_MS) {
      issues.push({ rule: 'wait_too_long', field: 'timeout', message: t('a wait may last at most 366 days.', '等待时间最长为366天。') });
    }
    return issues;
  },
  compile(node, ctx) {
    const p = node.params;
    const decided = (decision: 'approved' | 'rejected') => ({
      guard: { type: 'approvalFor', params: { nodeId: node.id, decision } },
      target: ctx.next(decision),
      actions: [ctx.step(decision)],
    });
    return {
      entry: [
        { type: 'requestApproval', params: { nodeId: node.id, department: p.department, role: p.role ?? null, note: p.note } },
        { type: 'startTimer', params: { nodeId: node.id, delayMs: durationMs(p.timeout) } },
        ctx.step('waiting'),
      ],
      on: {
        'octo.approval': [decided('approved'), decided('rejected')],
        'octo.timer': { guard: { type: 'timerFor', params: { nodeId: node.id } }, target: ctx.next('timeout'), actions: [ctx.step('timeout')] },
      },
    };
  },
});
