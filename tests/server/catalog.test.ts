// The catalog flows are checked against (server/services/catalog.ts): products, offers and partner
// endpoints are the ones the database has — administered, or seeded with the demo — never the demo
// catalog's on their own, so with the demo off the designer offers nothing the operator lacks.
import { afterEach, describe, expect, it } from 'vitest';
import { validateFlow } from '@/workflows';
import { listEndpoints } from '@/server/services/partner-endpoints';
import { loadExample } from '@/server/services/demo';
import { saveOffer, saveProduct } from '@/server/services/product-catalogue';
import { callerAs } from './support/actors';
import { rejection } from './support/errors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const problems = (a: TestApp) =>
  (validateFlow(loadExample('data-usage-upsell'), a.rt.catalog).issues ?? []).map((i) => `${i.rule}: ${i.message.en}`);

describe('the catalog', () => {
  it('should offer only the products and offers the database has when the demo is off, and an added one after a refresh', async () => {
    app = await createTestApp({ demo: false });
    expect(app.rt.catalog.products).toEqual([]);
    expect(app.rt.catalog.offers).toEqual([]);
    expect(app.rt.catalog.endpoints).toEqual([]);
    // The example flow that hands card applicants to the bank partner names an endpoint this
    // operator has not registered: said so in the designer.
    expect((validateFlow(loadExample('partner-card-enrolment'), app.rt.catalog).issues ?? []).map((i) => i.message.en).join('\n')).toMatch(/bank_partner/);
    // The demo flow names the 5 GB pack and its offer: unknown here, and said so.
    expect(problems(app).join('\n')).toMatch(/data_pack_5gb|offer_5gb_10cny/);

    await saveProduct(app.rt.db, { id: 'data_pack_5gb', nameZh: '5GB流量加油包', nameEn: '5 GB data top-up', priceCny: 10 });
    await saveOffer(app.rt.db, { id: 'offer_5gb_10cny', productId: 'data_pack_5gb', nameZh: '10元5GB加油包', nameEn: '5 GB for 10 CNY', priceCny: 10 });
    await app.catalog.refresh();
    expect(app.rt.catalog.products.map((p) => p.id)).toEqual(['data_pack_5gb']);
    expect(app.rt.catalog.offers.map((o) => o.id)).toEqual(['offer_5gb_10cny']);
    expect(problems(app)).toEqual([]);
  });

  it('should refuse to add a product or offer whose id is taken, naming it, and leave the one a campaign offers as it was', async () => {
    app = await createTestApp();
    const zh = await callerAs(app, 'admin@octoflow.demo', 'zh-CN');
    const product = (await zh.products.list()).find((p) => p.id === 'data_pack_5gb')!;
    const err = await rejection(zh.products.save({ id: 'data_pack_5gb', nameZh: '测试产品', nameEn: 'Test product', priceCny: 0, create: true }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toBe('编号：产品 data_pack_5gb 已存在：请换一个编号，或在列表中编辑该产品');
    const offer = product.offers.find((o) => o.id === 'offer_5gb_10cny')!;
    const offerErr = await rejection(zh.products.saveOffer({ id: 'offer_5gb_10cny', productId: 'data_pack_5gb', nameZh: '测试', nameEn: 'Test', priceCny: 1, create: true }));
    expect(offerErr.message).toBe('编号：优惠 offer_5gb_10cny 已存在：请换一个编号，或在列表中编辑该优惠');
    const after = (await zh.products.list()).find((p) => p.id === 'data_pack_5gb')!;
    expect(after).toEqual(product);
    expect(after.offers.find((o) => o.id === 'offer_5gb_10cny')).toEqual(offer);
    // A new id is added; editing (no `create`) still changes the existing one.
    await zh.products.save({ id: 'data_pack_20gb', nameZh: '20GB流量包', nameEn: '20 GB pack', priceCny: 30, create: true });
    await zh.products.save({ ...product, exclusiveWith: product.exclusiveWith, requiredPlans: product.requiredPlans, priceCny: 12 });
    const list = await zh.products.list();
    expect(list.find((p) => p.id === 'data_pack_20gb')?.nameZh).toBe('20GB流量包');
    expect(list.find((p) => p.id === 'data_pack_5gb')?.priceCny).toBe(12);
  });

  it("should offer the demo's products and offers when the demo is seeded", async () => {
    app = await createTestApp();
    expect(app.rt.catalog.products.map((p) => p.id)).toEqual(expect.arrayContaining(['data_pack_5gb', 'roaming_day_pass']));
    expect(app.rt.catalog.offers.map((o) => o.id)).toEqual(expect.arrayContaining(['offer_5gb_10cny']));
    expect(problems(app)).toEqual([]);
    // The sample partners are endpoints an administrator completes: listed there, disabled.
    expect(app.rt.catalog.endpoints.map((e) => e.id)).toEqual(['bank_partner', 'travel_partner']);
    const listed = await listEndpoints(app.rt.db, app.secrets);
    expect(listed.map((e) => [e.id, e.active, e.url])).toEqual([
      ['bank_partner', false, 'https://hooks.bank-partner.example/octoflow'],
      ['travel_partner', false, 'https://hooks.travel-partner.example/octoflow'],
    ]);
  });
});
