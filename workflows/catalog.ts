import { z } from 'zod';
import type { ContactChannel } from './channels';
import { LocalizedText } from './text';

/**
 * The catalog declares what flows may refer to: customer tags (from the analytics system),
 * touchpoint event types and their attributes, products and offers. Conditions and templates
 * are type-checked against it, so a typo is caught in the designer, not at 2 a.m. in production.
 */

export const FieldType = z.enum(['string', 'int', 'double', 'bool', 'enum']);
export type FieldType = z.infer<typeof FieldType>;

const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/);

export const FieldDef = z.object({
  name: fieldName,
  type: FieldType,
  /** Allowed values of an enum field. */
  values: z.array(z.string()).optional(),
  /** How people read an enum field's values (`unlimited_5g` → 5G畅享套餐); a value without one shows as it is. */
  valueLabels: z.record(z.string(), LocalizedText).optional(),
  label: LocalizedText,
  description: LocalizedText.optional(),
});
export type FieldDef = z.infer<typeof FieldDef>;

export const EventTypeDef = z.object({
  type: fieldName,
  label: LocalizedText,
  description: LocalizedText.optional(),
  attributes: z.array(FieldDef),
});
export type EventTypeDef = z.infer<typeof EventTypeDef>;

export const ProductDef = z.object({ id: z.string().min(1), label: LocalizedText });
export type ProductDef = z.infer<typeof ProductDef>;

export const OfferDef = z.object({
  id: z.string().min(1),
  productId: z.string().optional(),
  label: LocalizedText,
});
export type OfferDef = z.infer<typeof OfferDef>;

/** A partner system registered to receive webhook actions; its URL and secret live on the server. */
export const PartnerEndpointDef = z.object({ id: z.string().min(1), label: LocalizedText });
export type PartnerEndpointDef = z.infer<typeof PartnerEndpointDef>;

export const Catalog = z.object({
  tags: z.array(FieldDef),
  eventTypes: z.array(EventTypeDef),
  products: z.array(ProductDef).default([]),
  offers: z.array(OfferDef).default([]),
  endpoints: z.array(PartnerEndpointDef).default([]),
});
export type Catalog = z.infer<typeof Catalog>;

export function findEventType(catalog: Catalog, type: string): EventTypeDef | undefined {
  return catalog.eventTypes.find((e) => e.type === type);
}

export function findTag(catalog: Pick<Catalog, 'tags'>, name: string): FieldDef | undefined {
  return catalog.tags.find((f) => f.name === name);
}

const f = (
  name: string,
  type: FieldType,
  en: string,
  zh: string,
  values?: string[],
): FieldDef => ({ name, type, label: { en, zh }, ...(values ? { values } : {}) });

/** An enum field whose values are read as `labels` says (`{ value: [en, zh] }`), in that order. */
export const labelled = (name: string, en: string, zh: string, labels: Record<string, [en: string, zh: string]>): FieldDef => ({
  ...f(name, 'enum', en, zh, Object.keys(labels)),
  valueLabels: Object.fromEntries(Object.entries(labels).map(([value, [valueEn, valueZh]]) => [value, { en: valueEn, zh: valueZh }])),
});

// The built-in events' values read as the rest of the product reads them: the dashboards' channel,
// complaint category and source names (messages/*/dashboards.json), the workbench's outcome
// buttons (messages/*/workbench.json), so a designer's condition and the dashboards say the same.

/** Every contact channel (channels.ts), as the dashboards name it. */
const CHANNELS: Record<ContactChannel, [en: string, zh: string]> = {
  sms: ['SMS', '短信'],
  outbound_call: ['Outbound call', '外呼'],
  inbound: ['Inbound scenario', '呼入情景营销'],
  frontline: ['Shop opportunity', '营业厅商机'],
  app_push: ['App push', 'App推送'],
  webhook: ['Partner API', '合作伙伴接口'],
};

/** A realistic provincial operator's catalog, used by the demo, the examples and the tests. */
export const demoCatalog: Catalog = {
  tags: [
    f('name', 'string', 'Name', '姓名'),
    { ...f('arpu', 'double', 'ARPU', 'ARPU'), description: { en: 'Average revenue per user, CNY per month', zh: '每用户平均收入（元/月）' } },
    labelled('plan', 'Plan', '套餐', {
      basic_4g: ['4G basic', '4G基础套餐'],
      unlimited_5g: ['Unlimited 5G', '5G畅享套餐'],
      family_5g: ['Family 5G', '5G家庭套餐'],
      prepaid: ['Prepaid', '预付费'],
    }),
    f('tenure_months', 'int', 'Tenure (months)', '在网时长（月）'),
    labelled('region', 'City', '地市', {
      hangzhou: ['Hangzhou', '杭州'],
      ningbo: ['Ningbo', '宁波'],
      wenzhou: ['Wenzhou', '温州'],
      shaoxing: ['Shaoxing', '绍兴'],
      jinhua: ['Jinhua', '金华'],
    }),
    f('opted_out', 'bool', 'Opted out of marketing', '已退订营销'),
    f('data_usage_gb', 'double', 'Data used this month (GB)', '本月流量使用（GB）'),
    labelled('value_tier', 'Value tier', '价值等级', { gold: ['Gold', '金卡'], silver: ['Silver', '银卡'], bronze: ['Bronze', '普通'] }),
    f('device', 'string', 'Device model', '终端型号'),
    labelled('channel_preference', 'Preferred channel', '渠道偏好', { sms: ['SMS', '短信'], app: ['App', 'APP'], call: ['Phone', '电话'], shop: ['Shop', '营业厅'] }),
    f('timezone', 'string', 'Time zone', '时区'),
    f('birthday', 'string', 'Birthday (YYYY-MM-DD)', '生日（YYYY-MM-DD）'),
    f('contract_end', 'string', 'Contract end date (YYYY-MM-DD)', '合约到期日（YYYY-MM-DD）'),
  ],
  eventTypes: [
    {
      type: 'data_usage_80pct',
      label: { en: '80% of data allowance used', zh: '流量使用达80%' },
      attributes: [f('pct', 'int', 'Percent used', '已用百分比'), f('plan_gb', 'double', 'Plan allowance (GB)', '套餐流量（GB）')],
    },
    { type: 'balance_low', label: { en: 'Balance low', zh: '余额不足' }, attributes: [f('balance', 'double', 'Balance (CNY)', '余额（元）')] },
    { type: 'contract_expiring', label: { en: 'Contract expiring', zh: '合约即将到期' }, attributes: [f('days_left', 'int', 'Days left', '剩余天数')] },
    {
      type: 'roaming_arrival',
      label: { en: 'Arrived in another city or country', zh: '漫游到达' },
      attributes: [f('city', 'string', 'City', '城市'), f('country', 'string', 'Country', '国家')],
    },
    { type: 'inbound_call', label: { en: 'Called the service hotline', zh: '客服热线呼入' }, attributes: [f('reason', 'string', 'Reason', '来电原因')] },
    { type: 'counter_visit', label: { en: 'Visited a shop counter', zh: '营业厅到访' }, attributes: [f('shop_id', 'string', 'Shop', '营业厅')] },
    { type: 'sms_reply', label: { en: 'Replied to an SMS', zh: '短信回复' }, attributes: [f('text', 'string', 'Reply text', '回复内容')] },
    { type: 'order_placed', label: { en: 'Placed an order', zh: '完成订购' }, attributes: [f('product_id', 'string', 'Product', '产品')] },
    {
      type: 'top_up',
      label: { en: 'Topped up the balance', zh: '充值到账' },
      attributes: [f('amount', 'double', 'Amount (CNY)', '金额（元）'), f('channel', 'string', 'Channel', '充值渠道')],
    },
    {
      type: 'offer_outcome',
      label: { en: 'Offer outcome recorded by staff', zh: '一线营销结果' },
      attributes: [
        f('task_id', 'string', 'Task', '任务'),
        f('offer_id', 'string', 'Offer', '优惠'),
        labelled('outcome', 'Outcome', '结果', {
          accepted: ['Accepted', '接受办理'],
          declined: ['Declined', '拒绝'],
          call_back: ['Call back later', '稍后再联系'],
          not_interested: ['Never ask again', '不再推荐'],
          expired: ['Expired', '已逾期'],
        }),
        f('campaign_id', 'string', 'Campaign', '营销案'),
        labelled('channel', 'Channel', '渠道', { inbound: CHANNELS.inbound, outbound_call: CHANNELS.outbound_call, frontline: CHANNELS.frontline }),
      ],
    },
    {
      // Sent by the customer-service system; the dashboards count it as an experience signal.
      type: 'complaint',
      label: { en: 'Complaint lodged', zh: '客户投诉' },
      attributes: [
        labelled('category', 'Category', '投诉类别', {
          marketing_contact: ['Marketing contact', '营销打扰'],
          offer_terms: ['Offer terms', '优惠条款'],
          billing: ['Billing', '计费'],
          network: ['Network', '网络'],
          service: ['Service', '服务'],
          other: ['Other', '其他'],
        }),
        labelled('channel', 'Contact channel complained about', '被投诉的触达渠道', CHANNELS),
        labelled('source', 'Lodged through', '投诉来源', { hotline: ['Hotline', '客服热线'], online: ['Online', '网上'], shop: ['Shop', '营业厅'], regulator: ['Regulator', '管局/工信部'] }),
        f('campaign_id', 'string', 'Campaign', '营销案'),
      ],
    },
  ],
  products: [
    { id: 'data_pack_5gb', label: { en: '5 GB data top-up', zh: '5GB流量加油包' } },
    { id: 'unlimited_5g_upgrade', label: { en: 'Upgrade to Unlimited 5G', zh: '升级5G畅享套餐' } },
    { id: 'family_plan_add', label: { en: 'Add a family member', zh: '家庭副卡' } },
    { id: 'roaming_day_pass', label: { en: 'Roaming day pass', zh: '漫游日包' } },
  ],
  offers: [
    { id: 'offer_5gb_10cny', productId: 'data_pack_5gb', label: { en: '5 GB for 10 CNY', zh: '10元5GB加油包' } },
    { id: 'offer_5g_upgrade_half', productId: 'unlimited_5g_upgrade', label: { en: 'Upgrade, first 3 months half price', zh: '升级5G套餐前3月半价' } },
    { id: 'offer_roaming_day', productId: 'roaming_day_pass', label: { en: 'Roaming day pass 25 CNY', zh: '25元漫游日包' } },
  ],
  endpoints: [
    { id: 'travel_partner', label: { en: 'Travel partner (hotel and rail offers)', zh: '出行合作伙伴（酒店与铁路优惠）' } },
    { id: 'bank_partner', label: { en: 'Bank partner (card offers)', zh: '银行合作伙伴（信用卡优惠）' } },
  ],
};
