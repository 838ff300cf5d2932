// Version history as the designer's Versions tab shows it: who submitted each version.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { user } from '@/server/db/schema';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const graph: FlowGraph = {
  version: 1,
  settings: { reentry: 'once', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'data_usage_80pct', condition: '' } },
    { id: 'e', kind: 'end', position: { x: 0, y: 100 }, params: {} },
  ],
  edges: [{ id: 'e1', source: 't', sourcePort: 'out', target: 'e' }],
};

describe('campaign versions', () => {
  it('should name the author of each submitted version', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const campaign = await designer.campaigns.create({ name: 'Versions author', graph });
    await designer.campaigns.submit({ id: campaign.id });
    const [row] = await app.rt.db.select({ name: user.name }).from(user).where(eq(user.email, 'designer@octoflow.demo'));
    const versions = await designer.campaigns.versions({ id: campaign.id });
    expect(versions).toHaveLength(1);
    expect(versions[0]!.author).toBe(row!.name);
  });
});
