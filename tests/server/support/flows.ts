import { eq } from 'drizzle-orm';
import { campaigns } from '@/server/db/schema';
import type { FlowGraph, FlowNode } from '@/workflows';
import type { TestApp } from './test-app';
import { callerAs } from './actors';

/** trigger(eventType) -> contact node(s) -> end, as a flow graph. */
export function contactFlow(eventType: string, template: string, kind: FlowNode['kind'] = 'sms'): FlowGraph {
  return {
    version: 1,
    settings: { reentry: 'every_time', concurrent: true },
    nodes: [
      { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType, condition: '' } },
      { id: 's', kind, position: { x: 0, y: 100 }, params: { template } },
      { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
    ],
    edges: [
      { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
      { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
    ],
  };
}

/** Creates, submits, approves and launches a campaign running `graph`. */
export async function launchFlow(
  app: TestApp,
  name: string,
  graph: FlowGraph,
  opts: { priority?: number; exclusive?: boolean; quietHoursMode?: 'hold' | 'drop' } = {},
) {
  const designer = await callerAs(app, 'designer@octoflow.demo');
  const approver = await callerAs(app, 'approver@octoflow.demo');
  const c = await designer.campaigns.create({ name, graph });
  await app.rt.db
    .update(campaigns)
    .set({ priority: opts.priority ?? 50, exclusive: opts.exclusive ?? true, quietHoursMode: opts.quietHoursMode ?? 'hold' })
    .where(eq(campaigns.id, c.id));
  const v = await designer.campaigns.submit({ id: c.id });
  await approver.campaigns.decide({ versionId: v.id, decision: 'approved' });
  await approver.campaigns.launch({ id: c.id });
  return { campaignId: c.id, versionId: v.id, hash: v.hash };
}
