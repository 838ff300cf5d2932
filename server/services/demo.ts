// First-start demo: accounts, customers, the demo API key and one approved, live campaign
// (data_usage_80pct -> condition -> SMS), so posting an event visibly produces an SMS step.
// Runs only on an empty database; credentials are demo-only and listed in the README.
import fs from 'node:fs';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { FlowGraph } from '../../workflows';
import type { App } from '../app';
import { createAccount } from '../auth/accounts';
import type { Actor, Department, Role } from '../auth/roles';
import { customers, user } from '../db/schema';
import { createApiKey } from './api-keys';
import { createCampaign, decideVersion, launchCampaign, submitCampaign } from './campaigns';
import { demoCustomers } from './demo-data';

export const DEMO_PASSWORD = 'octoflow-demo';
export const DEMO_API_KEY = 'octo_demo_key_change_me';
export const DEMO_CUSTOMERS = 1000;

export const demoAccounts: { email: string; name: string; role: Role; department: Department }[] = [
  { email: 'designer@octoflow.demo', name: '市场部 · 李设计', role: 'designer', department: 'market' },
  { email: 'approver@octoflow.demo', name: '市场部 · 王审批', role: 'approver', department: 'market' },
  { email: 'cs-approver@octoflow.demo', name: '客服部 · 陈审批', role: 'approver', department: 'customer_service' },
  { email: 'executive@octoflow.demo', name: '省公司 · 赵总', role: 'executive', department: 'head_office' },
  { email: 'admin@octoflow.demo', name: '系统管理员', role: 'admin', department: 'it_support' },
];

export function loadExample(name: string): FlowGraph {
  const file = path.join(process.cwd(), 'workflows/examples', `${name}.json`);
  return FlowGraph.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/** Seeds the demo when the database has no accounts yet. Returns true if it seeded. */
export async function ensureDemo(app: App): Promise<boolean> {
  const db = app.rt.db;
  const [{ n }] = await db.select({ n: count() }).from(user);
  if (n > 0) return false;
  await db.transaction(async (tx) => {
    const ids: Record<string, string> = {};
    for (const a of demoAccounts) ids[a.email] = await createAccount(tx, { ...a, password: DEMO_PASSWORD });
    const rows = demoCustomers(DEMO_CUSTOMERS);
    for (let i = 0; i < rows.length; i += 500) await tx.insert(customers).values(rows.slice(i, i + 500));
    await createApiKey(tx, 'Demo upstream system', ['events:write', 'customers:read'], DEMO_API_KEY);
    const actor = (email: string): Actor => {
      const a = demoAccounts.find((x) => x.email === email)!;
      return { id: ids[email], name: a.name, email, role: a.role, department: a.department };
    };
    const designer = actor('designer@octoflow.demo');
    const campaign = await createCampaign(tx, designer, {
      name: '流量80%提醒 · 5GB加油包',
      description: 'Data-usage upsell: customers at 80% of their allowance are offered a 5 GB top-up by SMS.',
      priority: 70,
      graph: loadExample('data-usage-upsell'),
    });
    const version = await submitCampaign(tx, app.rt, designer, campaign.id);
    await decideVersion(tx, actor('approver@octoflow.demo'), {
      versionId: version.id,
      decision: 'approved',
      comment: 'Demo: wording and offer checked',
    });
    await launchCampaign(tx, app.rt, actor('approver@octoflow.demo'), campaign.id);
  });
  return true;
}
