// Launch sign-offs in server tests: the approval nodes drawn before a flow's entry (in series or
// in parallel), and a version the demo designer submits for them to sign off.
import type { FlowGraph, FlowNode } from '@/workflows';
import { callerAs } from './actors';
import type { TestApp } from './test-app';

/** A launch sign-off by `department`: an approval node, two days to decide. */
export const signoff = (id: string, department: string): FlowNode => ({
  id,
  kind: 'approval',
  position: { x: 0, y: 0 },
  params: { department, note: '上线审批', timeout: { amount: 2, unit: 'days' } },
});

/**
 * trigger(eventType) -> sms(template) -> end, with the sign-offs drawn before the trigger and
 * `links` between them ([from, to] on the approved output; 't' is the trigger).
 */
export function signoffFlow(eventType: string, signoffs: FlowNode[], links: [string, string][], template = '上线审批测试'): FlowGraph {
  return {
    version: 1,
    settings: { reentry: 'every_time', concurrent: false },
    nodes: [
      ...signoffs,
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType, condition: '' } },
      { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template } },
      { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
    ],
    edges: [
      ...links.map(([a, b], i) => ({ id: `l${i}`, source: a, sourcePort: 'approved', target: b })),
      { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
      { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };
}

/** The demo designer creates a campaign running `graph` and submits it: the version waits for its sign-offs. */
export async function submitForSignoff(app: TestApp, name: string, graph: FlowGraph) {
  const designer = await callerAs(app, 'designer@octoflow.demo');
  const c = await designer.campaigns.create({ name, graph });
  const v = await designer.campaigns.submit({ id: c.id });
  return { c, v, designer };
}
