// The catalog flows are checked against (server/services/catalog.ts): products and offers are the
// ones the database has — administered, or seeded with the demo — never the demo catalog's on
// their own, so with the demo off the designer offers no product the operator does not sell.
import { afterEach, describe, expect, it } from 'vitest';
import { validateFlow } from '@/workflows';
import { loadExample } from '@/server/services/demo';
import { saveOffer, saveProduct } from '@/server/services/product-catalogue';
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
    // The demo flow names the 5 GB pack and its offer: unknown here, and said so.
    expect(problems(app).join('\n')).toMatch(/data_pack_5gb|offer_5gb_10cny/);

    await saveProduct(app.rt.db, { id: 'data_pack_5gb', nameZh: '5GB流量加油包', nameEn: '5 GB data top-up', priceCny: 10 });
    await saveOffer(app.rt.db, { id: 'offer_5gb_10cny', productId: 'data_pack_5gb', nameZh: '10元5GB加油包', nameEn: '5 GB for 10 CNY', priceCny: 10 });
    await app.catalog.refresh();
    expect(app.rt.catalog.products.map((p) => p.id)).toEqual(['data_pack_5gb']);
    expect(app.rt.catalog.offers.map((o) => o.id)).toEqual(['offer_5gb_10cny']);
    expect(problems(app)).toEqual([]);
  });

  it("should offer the demo's products and offers when the demo is seeded", async () => {
    app = await createTestApp();
    expect(app.rt.catalog.products.map((p) => p.id)).toEqual(expect.arrayContaining(['data_pack_5gb', 'roaming_day_pass']));
    expect(app.rt.catalog.offers.map((o) => o.id)).toEqual(expect.arrayContaining(['offer_5gb_10cny']));
    expect(problems(app)).toEqual([]);
  });
});
