// "Try it on a customer" in the designer asks which of the flow's products a demo customer may
// take now (customers.tryEligibility): the runtime's own rules over their subscriptions, plan,
// tenure and status, with the reason in both languages, so the simulation branches as the live
// flow would for them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { customers, subscriptions } from '@/server/db/schema';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

describe('eligibility for the designer to try a flow on a customer', () => {
  it('should say which products a customer may take now, and why not, following their subscriptions', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const [before] = await designer.customers.tryEligibility({ customerId: 'C000001', productIds: ['data_pack_5gb'] });
    expect(before).toEqual({ productId: 'data_pack_5gb', eligible: true, reason: null });

    // The customer buys the pack: now the check says no, and says why.
    await app.rt.db.insert(subscriptions).values({ customerId: 'C000001', productId: 'data_pack_5gb' });
    const [after] = await designer.customers.tryEligibility({ customerId: 'C000001', productIds: ['data_pack_5gb'] });
    expect(after).toEqual({ productId: 'data_pack_5gb', eligible: false, reason: { en: 'already subscribed', zh: '客户已订购该产品' } });

    // A product the catalogue does not sell is never eligible.
    const [unknown] = await designer.customers.tryEligibility({ customerId: 'C000001', productIds: ['no_such_product'] });
    expect(unknown).toMatchObject({ eligible: false, reason: { zh: '产品未上架' } });
  });

  it('should name plans and products in the reason, not their codes', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const [c] = await app.rt.db.select().from(customers).where(eq(customers.id, 'C000002'));
    await app.rt.db.update(customers).set({ tags: { ...c.tags, plan: 'unlimited_5g', tenure_months: 24 } }).where(eq(customers.id, 'C000002'));
    await app.rt.db.insert(subscriptions).values({ customerId: 'C000002', productId: 'unlimited_5g_upgrade' }).onConflictDoNothing();
    const [upgrade, roaming] = await designer.customers.tryEligibility({ customerId: 'C000002', productIds: ['unlimited_5g_upgrade', 'roaming_day_pass'] });
    expect(upgrade.reason).toEqual({ en: 'already subscribed', zh: '客户已订购该产品' });
    expect(roaming.reason).toEqual({ en: 'holds the mutually exclusive product Upgrade to Unlimited 5G', zh: '已订购互斥产品 升级5G畅享套餐' });
    await app.rt.db.delete(subscriptions).where(eq(subscriptions.customerId, 'C000002'));
    const [again] = await designer.customers.tryEligibility({ customerId: 'C000002', productIds: ['unlimited_5g_upgrade'] });
    expect(again.reason).toEqual({ en: 'plan Unlimited 5G is not one of 4G basic / Prepaid', zh: '套餐 5G畅享套餐 不在可办理范围（4G基础套餐/预付费）' });
  });

  it('should name a customer that does not exist, and refuse those who do not design flows', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await expect(designer.customers.tryEligibility({ customerId: 'C999999', productIds: ['data_pack_5gb'] })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('C999999') });
    await expect((await callerAs(app, 'agent1@octoflow.demo')).customers.tryEligibility({ customerId: 'C000001', productIds: [] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await callerAs(app, null)).customers.tryEligibility({ customerId: 'C000001', productIds: [] })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
