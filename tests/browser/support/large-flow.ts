// A generated flow of any size for the designer's large-flow test and benchmark: a trigger, then
// layers of condition → SMS → wait with an end on each "no" branch, laid out 12 nodes to a row.
import type { Page } from 'playwright-core';

export function largeFlow(size: number) {
  const nodes: { id: string; kind: string; position: { x: number; y: number }; params: Record<string, unknown> }[] = [];
  const edges: { id: string; source: string; sourcePort: string; target: string }[] = [];
  const add = (id: string, kind: string, params: Record<string, unknown>) =>
    nodes.push({ id, kind, position: { x: (nodes.length % 12) * 260, y: Math.floor(nodes.length / 12) * 150 }, params });
  const link = (source: string, sourcePort: string, target: string) => edges.push({ id: `e${edges.length}`, source, sourcePort, target });
  add('start', 'trigger', { eventType: 'data_usage_80pct', condition: '' });
  let prev = ['start', 'out'] as [string, string];
  let i = 0;
  while (nodes.length + 4 <= size - 1) {
    add(`c${i}`, 'condition', { expr: `customer.arpu >= ${30 + (i % 50)}.0` });
    add(`s${i}`, 'sms', { template: `{{customer.name}}您好，第${i + 1}条：流量已用{{event.pct}}%。` });
    add(`w${i}`, 'wait', { duration: { amount: 1 + (i % 5), unit: 'days' } });
    add(`x${i}`, 'end', {});
    link(prev[0], prev[1], `c${i}`);
    link(`c${i}`, 'yes', `s${i}`);
    link(`c${i}`, 'no', `x${i}`);
    link(`s${i}`, 'out', `w${i}`);
    prev = [`w${i}`, 'out'];
    i++;
  }
  add('finish', 'end', {});
  link(prev[0], prev[1], 'finish');
  while (nodes.length < size) add(`pad${nodes.length}`, 'end', {});
  return { version: 1, name: `large flow ${size}`, settings: { reentry: 'once', concurrent: false }, nodes, edges };
}

/** Creates a campaign holding a generated flow of `size` nodes, as the signed-in page's user. */
export async function createLargeFlowCampaign(page: Page, baseUrl: string, size: number): Promise<string> {
  return page.evaluate(
    async ({ url, graph }) => {
      const res = await fetch(`${url}/api/trpc/campaigns.create?batch=1`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ 0: { json: { name: `${graph.name} ${Date.now().toString(36)}`, graph } } }),
      });
      const body = (await res.json()) as [{ result?: { data: { json: { id: string } } }; error?: unknown }];
      if (!body[0].result) throw new Error(JSON.stringify(body[0].error));
      return body[0].result.data.json.id;
    },
    { url: baseUrl, graph: largeFlow(size) },
  );
}
