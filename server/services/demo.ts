// First-start demo: accounts, customers, the demo API key and one approved, live campaign
// (data_usage_80pct -> condition -> SMS), so posting an event visibly produces an SMS step.
// Runs only on an empty database; credentials are demo-only and listed in the README.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import { demoCatalog, FlowGraph } from '../../workflows';
import type { App } from '../app';
import { createAccount } from '../auth/accounts';
import type { Actor, Department, Role } from '../auth/roles';
import { customers, offers, partnerEndpoints, products, subscriptions, user } from '../db/schema';
import { API_KEY_SCOPES, createApiKey } from './api-keys';
import { createCampaign, decideVersion, launchCampaign, submitCampaign } from './campaigns';
import { demoCustomers } from './demo-data';
import { activeOrg, findShop, findTeam, loadOrg } from './frontline-org';
import { seedDemoWorkbench } from './demo-workbench';
import { seedDemoWordingTemplates } from './wording-templates';
import { seedDemoHistory } from '../analytics/demo-history';
import { settingsChanged } from '../runtime/settings-changes';
import type { SecretBox } from './secret-box';

export const DEMO_PASSWORD = 'octoflow-demo';
export const DEMO_API_KEY = 'octo_demo_key_change_me';
export const DEMO_CUSTOMERS = 1000;

export const demoAccounts: { email: string; name: string; role: Role; department: Department; team?: string; shopId?: string; titles?: string[] }[] = [
  { email: 'designer@octoflow.demo', name: '市场部 · 李设计', role: 'designer', department: 'market' },
  // Titles (岗位): the roles the example flows' approval nodes name (server/services/approver-roles.ts).
  { email: 'approver@octoflow.demo', name: '市场部 · 王审批', role: 'approver', department: 'market', titles: ['营销经理', '区域经理'] },
  { email: 'cs-approver@octoflow.demo', name: '客服部 · 陈审批', role: 'approver', department: 'customer_service', titles: ['话术审核'] },
  // Launch sign-offs by several departments (docs/closed-loop.md): IT support and the head office.
  { email: 'it-approver@octoflow.demo', name: 'IT支撑部 · 孙审批', role: 'approver', department: 'it_support' },
  { email: 'ho-approver@octoflow.demo', name: '省公司 · 钱审批', role: 'approver', department: 'head_office', titles: ['总部营销部'] },
  { email: 'executive@octoflow.demo', name: '省公司 · 赵总', role: 'executive', department: 'head_office' },
  { email: 'admin@octoflow.demo', name: '系统管理员', role: 'admin', department: 'it_support' },
  // Frontline staff (docs/frontline.md): call-centre agents, an own-shop clerk, an agent's staff,
  // of teams and shops the organisation has from its first migration (0020).
  { email: 'agent1@octoflow.demo', name: '客服中心 · 周坐席', role: 'frontline', department: 'customer_service', team: 'hz-callcenter' },
  { email: 'agent2@octoflow.demo', name: '客服中心 · 吴坐席', role: 'frontline', department: 'customer_service', team: 'hz-callcenter' },
  { email: 'clerk@octoflow.demo', name: '武林营业厅 · 郑店员', role: 'frontline', department: 'channels', shopId: 'HZ-WL-01' },
  { email: 'partner@octoflow.demo', name: '西溪代理店 · 冯店员', role: 'frontline', department: 'channels', shopId: 'HZ-AG-17' },
];

/** The demo products with the rules real-time eligibility checks. */
export const demoProducts: (typeof products.$inferInsert)[] = [
  { id: 'data_pack_5gb', nameZh: '5GB流量加油包', nameEn: '5 GB data top-up', priceCny: 10 },
  { id: 'unlimited_5g_upgrade', nameZh: '升级5G畅享套餐', nameEn: 'Upgrade to Unlimited 5G', priceCny: 129, requiredPlans: ['basic_4g', 'prepaid'], minTenureMonths: 6 },
  { id: 'family_plan_add', nameZh: '家庭副卡', nameEn: 'Add a family member', priceCny: 20, requiredPlans: ['family_5g', 'unlimited_5g'] },
  { id: 'roaming_day_pass', nameZh: '漫游日包', nameEn: 'Roaming day pass', priceCny: 25, exclusiveWith: ['unlimited_5g_upgrade'] },
];

/** The demo offers (demoCatalog's, workflows/catalog.ts) in the offers table: contacts and offer
 *  choices take an offer only while it is on sale there, so the demo flows need them. */
export const demoOffers: (typeof offers.$inferInsert)[] = [
  { id: 'offer_5gb_10cny', productId: 'data_pack_5gb', nameZh: '10元5GB加油包', nameEn: '5 GB for 10 CNY', priceCny: 10 },
  { id: 'offer_5g_upgrade_half', productId: 'unlimited_5g_upgrade', nameZh: '升级5G套餐前3月半价', nameEn: 'Upgrade, first 3 months half price', priceCny: 129 },
  { id: 'offer_roaming_day', productId: 'roaming_day_pass', nameZh: '25元漫游日包', nameEn: 'Roaming day pass 25 CNY', priceCny: 25 },
];

export function loadExample(name: string): FlowGraph {
  const file = path.join(process.cwd(), 'workflows/examples', `${name}.json`);
  return FlowGraph.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
}

/**
 * The demo catalog's two sample partners, as endpoints an administrator completes under Admin →
 * Partner endpoints: disabled, at a placeholder address, with a random secret (sealed; nobody
 * knows it until it is rotated). Flows may name them; their deliveries fail, naming the endpoint
 * as disabled, until it is configured. None without a secret box (PostgreSQL without
 * OCTOFLOW_SECRET_KEY): a flow naming one is then refused at submission, naming it, and the
 * demo history keeps its partner campaign a draft.
 */
function demoEndpoints(box: SecretBox | null): (typeof partnerEndpoints.$inferInsert)[] {
  if (!box) return [];
  return demoCatalog.endpoints.map((e) => ({
    id: e.id,
    nameZh: e.label.zh,
    nameEn: e.label.en,
    url: `https://hooks.${e.id.replaceAll('_', '-')}.example/octoflow`,
    secretSealed: box.seal(randomBytes(32).toString('base64url'), e.id),
    secretSetAt: new Date(),
    active: false,
    createdBy: 'demo',
  }));
}

/** Seeds the demo when the database has no accounts yet. Returns true if it seeded. */
export async function ensureDemo(app: App): Promise<boolean> {
  const db = app.rt.db;
  const [{ n }] = await db.select({ n: count() }).from(user);
  if (n > 0) {
    // A demo database seeded before the demo offers were: its flows name them, and a contact takes
    // an offer only while the offers table has it on sale. Existing rows are left as they are.
    const [demo] = await db.select({ id: user.id }).from(user).where(eq(user.email, demoAccounts[0].email));
    if (demo) await db.insert(offers).values(demoOffers).onConflictDoNothing({ target: offers.id });
    return false;
  }
  // The demo's products and offers first, and the catalog refreshed: flows are checked against
  // the products and offers the database has (the demo flows name these).
  await db.transaction(async (tx) => {
    await tx.insert(products).values(demoProducts).onConflictDoNothing({ target: products.id });
    await tx.insert(offers).values(demoOffers).onConflictDoNothing({ target: offers.id });
    const endpoints = demoEndpoints(app.secrets);
    if (endpoints.length) await tx.insert(partnerEndpoints).values(endpoints).onConflictDoNothing({ target: partnerEndpoints.id });
    else if (demoCatalog.endpoints.length) {
      console.warn(
        `octoflow: the demo's sample partners (${demoCatalog.endpoints.map((e) => e.id).join(', ')}) were not created: their secrets are stored sealed, ` +
          'which on PostgreSQL needs OCTOFLOW_SECRET_KEY. The demo campaign that notifies a partner stays a draft.',
      );
    }
  });
  settingsChanged(); // workers cache the catalogue (server/runtime/settings-cache.ts)
  await app.catalog.refresh();
  await db.transaction(async (tx) => {
    const ids: Record<string, string> = {};
    const org = activeOrg(await loadOrg(tx));
    for (const a of demoAccounts) {
      // A team or shop removed or deactivated before the first start is not given (their screens say so).
      const team = findTeam(org, a.team)?.id ?? null;
      const shopId = findShop(org, a.shopId)?.id ?? null;
      if ((a.team && !team) || (a.shopId && !shopId)) console.warn(`octoflow: demo account ${a.email}: ${a.team ?? a.shopId} is not an active team or shop, left unassigned`);
      ids[a.email] = await createAccount(tx, { ...a, team, shopId, password: DEMO_PASSWORD });
    }
    const rows = demoCustomers(DEMO_CUSTOMERS);
    for (let i = 0; i < rows.length; i += 500) await tx.insert(customers).values(rows.slice(i, i + 500));
    await createApiKey(tx, 'Demo upstream system', [...API_KEY_SCOPES], DEMO_API_KEY);
    await seedDemoWordingTemplates(tx);
    // One in ten already holds the 5 GB pack: eligibility checks must keep them out of the offer.
    const subscribed = rows.filter((_, i) => i % 10 === 9).map((c) => ({ customerId: c.id, productId: 'data_pack_5gb' }));
    for (let i = 0; i < subscribed.length; i += 500) await tx.insert(subscriptions).values(subscribed.slice(i, i + 500));
    const actor = (email: string): Actor => {
      const a = demoAccounts.find((x) => x.email === email)!;
      return { id: ids[email], name: a.name, email, role: a.role, department: a.department, team: findTeam(org, a.team)?.id ?? null, shopId: findShop(org, a.shopId)?.id ?? null };
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
      comment: '演示：文案与优惠已核对',
    });
    await launchCampaign(tx, app.rt, actor('approver@octoflow.demo'), campaign.id);
    await seedDemoWorkbench(tx, app, designer, actor('approver@octoflow.demo'), rows);
    // Dashboards (issue 7): a few months of generated history, kept apart as demo rows.
    await seedDemoHistory(tx, app, { designer, approver: actor('approver@octoflow.demo'), csApprover: actor('cs-approver@octoflow.demo'), admin: actor('admin@octoflow.demo') }, loadExample);
  });
  // The launches above invalidated the live flows inside the transaction: a worker that reloaded
  // them before it committed holds none, and the first events after start would enter nothing.
  app.rt.flows.invalidate();
  return true;
}
