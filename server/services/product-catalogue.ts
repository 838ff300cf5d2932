// The product catalogue (产品目录): products with the rules real-time eligibility checks (price,
// mutual exclusions, required plans, minimum tenure) and their priced, time-limited offers.
// Administered in the UI, read by partners through the API.
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import type { Executor } from '../db/client';
import { offers, products, subscriptions } from '../db/schema';
import { appendAudit, type AuditEntry } from './audit';
import { fieldRefusal } from './errors';
import { settingsChanged } from '../runtime/settings-changes';
import { t } from '../../workflows';

const id = z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, formatMessage('must be lower case letters, digits, _ . -, at most 64 characters', '只能包含小写字母、数字、_ . -，最多 64 个字符'));

export const ProductInput = z.object({
  id,
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  priceCny: z.number().min(0).max(1_000_000),
  exclusiveWith: z.array(id).max(100).default([]),
  requiredPlans: z.array(z.string().trim().min(1).max(64)).max(50).default([]),
  minTenureMonths: z.number().int().min(0).max(1200).default(0),
  active: z.boolean().default(true),
  /** Set by "Add product": an id already taken is refused rather than overwriting that product. */
  create: z.boolean().default(false),
});
export type ProductInput = z.input<typeof ProductInput>;

export const OfferInput = z
  .object({
    id,
    productId: id,
    nameZh: z.string().trim().min(1).max(100),
    nameEn: z.string().trim().min(1).max(100),
    priceCny: z.number().min(0).max(1_000_000),
    validFrom: z.coerce.date().nullish(),
    validTo: z.coerce.date().nullish(),
    active: z.boolean().default(true),
    /** Set by "Add offer": an id already taken is refused rather than overwriting that offer. */
    create: z.boolean().default(false),
  })
  .refine((o) => !o.validFrom || !o.validTo || o.validFrom < o.validTo, { path: ['validTo'], message: 'must be after validFrom' });
export type OfferInput = z.input<typeof OfferInput>;

export type ProductRow = typeof products.$inferSelect;
export type OfferRow = typeof offers.$inferSelect;

/** Every product with its offers. */
export async function listProducts(db: Executor): Promise<(ProductRow & { offers: OfferRow[] })[]> {
  const [ps, os] = await Promise.all([
    db.select().from(products).orderBy(asc(products.id)),
    db.select().from(offers).orderBy(asc(offers.id)),
  ]);
  return ps.map((p) => ({ ...p, offers: os.filter((o) => o.productId === p.id) }));
}

/** Is the offer on sale at `now` (active and inside its validity)? */
export function offerValidAt(o: Pick<OfferRow, 'active' | 'validFrom' | 'validTo'>, now: Date): boolean {
  return o.active && (!o.validFrom || o.validFrom <= now) && (!o.validTo || now < o.validTo);
}

/** Who changed the catalogue, for the audit log (issue 6). */
type AuditActor = AuditEntry['actor'];

export async function saveProduct(db: Executor, input: ProductInput, actor: AuditActor = null): Promise<ProductRow> {
  const v = ProductInput.parse(input);
  if (v.exclusiveWith.includes(v.id)) throw fieldRefusal('exclusiveWith', '互斥产品', t(`${v.id} cannot exclude itself`, `${v.id} 不能与自身互斥`));
  const known = new Set((await db.select({ id: products.id }).from(products)).map((p) => p.id));
  const unknown = v.exclusiveWith.filter((p) => !known.has(p));
  if (unknown.length) throw fieldRefusal('exclusiveWith', '互斥产品', t(`no product ${unknown.join(', ')}`, `没有产品 ${unknown.join('、')}`));
  const { create, ...fields } = v;
  const row = { ...fields, updatedAt: new Date() };
  const insert = db.insert(products).values(row);
  const [saved] = await (create ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: products.id, set: row })).returning();
  if (!saved) throw fieldRefusal('id', '编号', t(`a product ${v.id} exists already: choose another id, or edit that product in the list`, `产品 ${v.id} 已存在：请换一个编号，或在列表中编辑该产品`), 'CONFLICT');
  await appendAudit(db, { actor, action: 'product.save', entityType: 'product', entityId: saved.id, detail: { ...fields } });
  settingsChanged(); // workers cache the catalogue's rules (server/runtime/settings-cache.ts)
  return saved;
}

export async function saveOffer(db: Executor, input: OfferInput, actor: AuditActor = null): Promise<OfferRow> {
  const v = OfferInput.parse(input);
  const [product] = await db.select({ id: products.id }).from(products).where(eq(products.id, v.productId));
  if (!product) throw fieldRefusal('productId', '产品', t(`no product ${v.productId}`, `没有产品 ${v.productId}`));
  const { create, ...fields } = v;
  const row = { ...fields, validFrom: v.validFrom ?? null, validTo: v.validTo ?? null, updatedAt: new Date() };
  const insert = db.insert(offers).values(row);
  const [saved] = await (create ? insert.onConflictDoNothing() : insert.onConflictDoUpdate({ target: offers.id, set: row })).returning();
  if (!saved) throw fieldRefusal('id', '编号', t(`an offer ${v.id} exists already: choose another id, or edit that offer in the list`, `优惠 ${v.id} 已存在：请换一个编号，或在列表中编辑该优惠`), 'CONFLICT');
  await appendAudit(db, { actor, action: 'offer.save', entityType: 'offer', entityId: saved.id, detail: { ...row } });
  settingsChanged(); // workers cache the offers (settings-cache.ts): a withdrawn offer stops at the next pass
  return saved;
}

/** What the customer subscribes to now, with the product names. */
export async function customerSubscriptions(db: Executor, customerId: string) {
  return db
    .select({
      productId: subscriptions.productId,
      since: subscriptions.since,
      nameZh: products.nameZh,
      nameEn: products.nameEn,
      priceCny: products.priceCny,
    })
    .from(subscriptions)
    .leftJoin(products, eq(products.id, subscriptions.productId))
    .where(eq(subscriptions.customerId, customerId))
    .orderBy(asc(subscriptions.since));
}
