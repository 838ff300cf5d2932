import { bucketOf } from './bucket';
import type { Catalog } from './catalog';
import { explainCondition, type ConditionData, type Explanation } from './conditions';
import type { StateJson } from './kinds';
import { clip, t, type LocalizedText } from './text';

/**
 * Human reasons for the simulator's path, read from the compiled state itself: the transition
 * whose step action carries the outcome, and the `cond` guards on it and before it. Works for
 * any kind that branches with `cond` guards, without knowing the kind.
 */

interface TransitionJson {
  guard?: { type: string; params?: { expr?: string } & Record<string, unknown> };
  actions?: Array<{ type: string; params?: { outcome?: string } }>;
}

function transitionsOf(state: StateJson): TransitionJson[] {
  const list: TransitionJson[] = [];
  const add = (v: unknown) => {
    if (Array.isArray(v)) list.push(...(v as TransitionJson[]));
    else if (v && typeof v === 'object') list.push(v as TransitionJson);
  };
  add(state.always);
  const on = state.on as Record<string, unknown> | undefined;
  if (on) for (const key of Object.keys(on)) add(on[key]);
  return list;
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(clip(value, 40));
  return String(value);
}

function describe(expr: string, result: Explanation): LocalizedText {
  const shown = result.fields.filter((f) => !f.missing).map((f) => `${f.path} = ${formatValue(f.value)}`);
  const values = shown.length ? ` (${shown.join(', ')})` : '';
  if (result.error) return t(`"${clip(expr, 80)}": ${result.error.message.en}`, `“${clip(expr, 80)}”：${result.error.message.zh}`);
  return result.value
    ? t(`${clip(expr, 80)} was true${values}`, `${clip(expr, 80)} 成立${values.replace(/^ \((.*)\)$/, '（$1）')}`)
    : t(`${clip(expr, 80)} was false${values}`, `${clip(expr, 80)} 不成立${values.replace(/^ \((.*)\)$/, '（$1）')}`);
}

export interface ReasonScope {
  data: ConditionData;
  customerId: string;
  catalog?: Catalog;
  eventType?: string;
  /** Eligibility answers given to the simulator. */
  eligibility?: Record<string, boolean>;
  /** The touchpoint event being delivered, for wait-for-event steps. */
  awaitedEvent?: { eventType: string; attributes: Record<string, unknown> };
}

function bucketReason(params: BucketParams, customerId: string): LocalizedText {
  const b = bucketOf(customerId, params.nodeId);
  const inside = b >= params.from && b < params.to;
  const range = `${params.from}–${params.to - 1}`;
  return inside
    ? t(`the customer's random bucket ${b} is in ${range}`, `客户的随机分桶号 ${b} 落在 ${range} 内`)
    : t(`the customer's random bucket ${b} is not in ${range}`, `客户的随机分桶号 ${b} 不在 ${range} 内`);
}

interface BucketParams {
  nodeId: string;
  from: number;
  to: number;
}

/** The simulator's answer for an offer: by offer id, else by its product, else assumed eligible. */
export function simulatedOffer(offerId: string, catalog: Catalog | undefined, eligibility: Record<string, boolean> = {}): { eligible: boolean; productId?: string; assumed: boolean } {
  const offer = catalog?.offers.find((o) => o.id === offerId);
  if (catalog && !offer) return { eligible: false, assumed: false };
  const productId = offer?.productId;
  const known = eligibility[offerId] ?? (productId !== undefined ? eligibility[productId] : undefined);
  return { eligible: known ?? true, ...(productId !== undefined ? { productId } : {}), assumed: known === undefined && (productId !== undefined || !catalog) };
}

function offerName(offerId: string, catalog: Catalog | undefined): LocalizedText {
  const label = catalog?.offers.find((o) => o.id === offerId)?.label;
  return label ? t(`"${label.en}" (${offerId})`, `“${label.zh}”（${offerId}）`) : t(offerId, offerId);
}

/** Offer choice: which offer was chosen and why each one before it was skipped. */
function explainOffers(transitions: TransitionJson[], taken: number, scope: ReasonScope): LocalizedText {
  const parts: LocalizedText[] = [];
  transitions.slice(0, taken + 1).forEach((tr, i) => {
    if (tr.guard?.type !== 'offer') return;
    const offerId = String(tr.guard.params?.offerId ?? '');
    const expr = typeof tr.guard.params?.expr === 'string' ? tr.guard.params.expr : '';
    const name = offerName(offerId, scope.catalog);
    const verdict = simulatedOffer(offerId, scope.catalog, scope.eligibility);
    const what = verdict.productId ?? offerId;
    const why: LocalizedText[] = [];
    if (!verdict.eligible) why.push(scope.catalog && !scope.catalog.offers.some((o) => o.id === offerId) ? t('the offer is not in the catalog', '该优惠不在产品目录中') : t(`the customer may not order ${what}`, `客户不能办理 ${what}`));
    else if (verdict.productId !== undefined || verdict.assumed) why.push(verdict.assumed ? t(`the customer may order ${what} (assumed in simulation)`, `客户可以办理 ${what}（模拟中默认）`) : t(`the customer may order ${what}`, `客户可以办理 ${what}`));
    if (expr.trim() !== '') why.push(describe(expr, explainCondition(expr, scope.data, scope)));
    const because = why.length ? why : [t('no condition', '无附加条件')];
    const joined = t(because.map((w) => w.en).join(' and '), because.map((w) => w.zh).join('，'));
    parts.push(i === taken ? t(`chose ${name.en}: ${joined.en}`, `选中${name.zh}：${joined.zh}`) : t(`skipped ${name.en}: ${joined.en}`, `跳过${name.zh}：${joined.zh}`));
  });
  if (transitions[taken]?.guard?.type !== 'offer') parts.push(t('no offer fits', '没有可办理的优惠'));
  return t(parts.map((p) => p.en).join('; '), parts.map((p) => p.zh).join('；'));
}

export function explainStep(state: StateJson | undefined, outcome: string, scope: ReasonScope): LocalizedText | undefined {
  if (!state) return undefined;
  const transitions = transitionsOf(state);
  const taken = transitions.findIndex((tr) => tr.actions?.some((a) => a.type === 'step' && a.params?.outcome === outcome));
  if (taken < 0) return undefined;
  const { data } = scope;
  const guard = transitions[taken].guard;
  if (transitions.some((tr) => tr.guard?.type === 'offer')) return explainOffers(transitions, taken, scope);
  if (guard?.type === 'cond' && typeof guard.params?.expr === 'string') {
    return describe(guard.params.expr, explainCondition(guard.params.expr, data, scope));
  }
  if (guard?.type === 'eventMatches' && scope.awaitedEvent) {
    const { eventType, attributes } = scope.awaitedEvent;
    const expr = typeof guard.params?.expr === 'string' ? guard.params.expr : '';
    const arrived = t(`the customer's ${eventType} event arrived`, `客户的 ${eventType} 事件已到达`);
    if (expr.trim() === '') return arrived;
    const d = describe(expr, explainCondition(expr, { customer: data.customer, event: attributes }, { catalog: scope.catalog, eventType }));
    return t(`${arrived.en} and ${d.en}`, `${arrived.zh}，且${d.zh}`);
  }
  if (guard?.type === 'eligible' || transitions.slice(0, taken).some((tr) => tr.guard?.type === 'eligible')) {
    const productId = String((guard ?? transitions[0].guard)?.params?.productId ?? '');
    const known = scope.eligibility?.[productId];
    const how = known === undefined ? t(' (assumed in simulation)', '（模拟中默认）') : t('', '');
    return outcome === 'eligible'
      ? t(`the customer may order ${productId}${how.en}`, `客户可以办理 ${productId}${how.zh}`)
      : t(`the customer may not order ${productId}`, `客户不能办理 ${productId}`);
  }
  if (guard?.type === 'approvalFor') {
    return guard.params?.decision === 'approved' ? t('the approver approved', '审批人已通过') : t('the approver rejected', '审批人已驳回');
  }
  if (guard?.type === 'bucket') return bucketReason(guard.params as unknown as BucketParams, scope.customerId);
  const buckets = transitions.slice(0, taken).filter((tr) => tr.guard?.type === 'bucket');
  if (buckets.length) {
    const last = buckets[buckets.length - 1].guard!.params as unknown as BucketParams;
    const b = bucketOf(scope.customerId, last.nodeId);
    return t(`the customer's random bucket ${b} is ${last.to} or above`, `客户的随机分桶号 ${b} 不小于 ${last.to}`);
  }
  // A fallback branch: say which conditions before it were not met.
  const before = transitions
    .slice(0, taken)
    .map((tr) => tr.guard)
    .filter((g): g is { type: 'cond'; params: { expr: string } } => g?.type === 'cond' && typeof g.params?.expr === 'string');
  if (!before.length) return undefined;
  const parts = before.map((g) => describe(g.params.expr, explainCondition(g.params.expr, data, scope)));
  return t(parts.map((p) => p.en).join('; '), parts.map((p) => p.zh).join('；'));
}
