// What a flow version references outside its graph (issue 6): the terms of the offers its nodes
// name (product, price, names) and the campaign's resource allocation. They are frozen on the
// version when it is submitted (flow_versions.refs) and signed with it, like its hash. A change
// to any of them after submission means the sign-offs no longer cover what would run:
// decideVersion refuses to sign, launchCampaign refuses to launch, and the runtime does not run a
// live version whose offers' terms changed (server/runtime/live-flows.ts). A raised allocation
// does not take effect until a version carrying it is approved: the lifecycle worker draws down
// against the lower of the approved and the current figure (campaign-plan.ts).
//
// Wording is not a reference: a contact node keeps its own copy of the text it picked from a
// wording template, covered by the hash; a template edited later changes no approved version.
// The offers' on-sale window (active, valid from/to) is not a term either: it is judged at every
// step (docs/flow-language.md), so withdrawing an offer holds its contacts back without a new
// version.
import { inArray } from 'drizzle-orm';
import { namedOffers, type FlowGraph } from '../../workflows';
import { t, type LocalizedText } from '../../workflows/text';
import type { Executor } from '../db/client';
import { offers, type OfferTerms, type VersionRefs } from '../db/schema';
import { ServiceError } from './errors';

export type { OfferTerms, VersionRefs };

/** The current terms of these offers (null for an id with no row). */
export async function offerTerms(db: Executor, ids: string[]): Promise<Record<string, OfferTerms | null>> {
  const out: Record<string, OfferTerms | null> = Object.fromEntries(ids.map((id) => [id, null]));
  if (ids.length === 0) return out;
  const rows = await db
    .select({ id: offers.id, productId: offers.productId, priceCny: offers.priceCny, nameZh: offers.nameZh, nameEn: offers.nameEn })
    .from(offers)
    .where(inArray(offers.id, ids));
  for (const { id, ...terms } of rows) out[id] = terms;
  return out;
}

/** The references of a graph for a campaign as they stand now. */
export async function currentRefs(
  db: Executor,
  campaign: { allocation: VersionRefs['allocation']; onExhausted: string },
  graph: FlowGraph,
): Promise<VersionRefs> {
  return { offers: await offerTerms(db, namedOffers(graph)), allocation: normalAllocation(campaign.allocation), onExhausted: campaign.onExhausted };
}

const ALLOCATION_KEYS = ['budgetCny', 'sms', 'outboundCalls', 'frontlineTasks'] as const;

function normalAllocation(a: VersionRefs['allocation'] | null | undefined): VersionRefs['allocation'] {
  const out: VersionRefs['allocation'] = {};
  for (const k of ALLOCATION_KEYS) if (typeof a?.[k] === 'number') out[k] = a[k];
  return out;
}

const showTerms = (o: OfferTerms | null | undefined) =>
  o ? t(`${o.nameZh} / ${o.nameEn}, ${o.productId}, ${o.priceCny} CNY`, `${o.nameZh}，${o.productId}，${o.priceCny} 元`) : t('no such offer', '无此优惠');
const ALLOCATION_ZH: Record<(typeof ALLOCATION_KEYS)[number], string> = { budgetCny: '预算（元）', sms: '短信量', outboundCalls: '外呼能力', frontlineTasks: '一线任务数' };
const showAllocation = (a: VersionRefs['allocation']) => {
  const set = ALLOCATION_KEYS.filter((k) => a[k] !== undefined);
  return t(set.map((k) => `${k} ${a[k]}`).join(', ') || 'unlimited', set.map((k) => `${ALLOCATION_ZH[k]} ${a[k]}`).join('，') || '不限');
};
const ON_EXHAUSTED_ZH: Record<string, string> = { pause: '暂停营销案', request: '继续执行并向审批人申请追加' };
const onExhaustedZh = (v: string) => ON_EXHAUSTED_ZH[v] ?? v;

/** What differs between the frozen references and the current ones, one sentence each (empty: none). */
export function refsChanges(frozen: VersionRefs, now: VersionRefs): LocalizedText[] {
  const out = offerChanges(frozen.offers, now.offers);
  const fa = normalAllocation(frozen.allocation);
  const na = normalAllocation(now.allocation);
  if (ALLOCATION_KEYS.some((k) => fa[k] !== na[k])) {
    const [a, b] = [showAllocation(fa), showAllocation(na)];
    out.push(t(`the allocation changed (${a.en} → ${b.en})`, `资源分配已变更（${a.zh} → ${b.zh}）`));
  }
  if (frozen.onExhausted !== now.onExhausted) {
    out.push(
      t(
        `what happens when the allocation is used up changed (${frozen.onExhausted} → ${now.onExhausted})`,
        `资源用完时的处理方式已变更（${onExhaustedZh(frozen.onExhausted)} → ${onExhaustedZh(now.onExhausted)}）`,
      ),
    );
  }
  return out;
}

/** Which frozen offers' terms differ now, one sentence each (the runtime checks only these). */
export function offerChanges(frozen: VersionRefs['offers'], now: VersionRefs['offers']): LocalizedText[] {
  const out: LocalizedText[] = [];
  for (const id of Object.keys(frozen).sort()) {
    const a = frozen[id];
    const b = now[id];
    const same = a === b || (!!a && !!b && a.productId === b.productId && a.priceCny === b.priceCny && a.nameZh === b.nameZh && a.nameEn === b.nameEn);
    if (!same) {
      const [x, y] = [showTerms(a), showTerms(b)];
      out.push(t(`offer ${id} changed (${x.en} → ${y.en})`, `优惠 ${id} 已变更（${x.zh} → ${y.zh}）`));
    }
  }
  return out;
}

/**
 * Refuses (PRECONDITION_FAILED) when what a version references changed since it was submitted.
 * Versions stored before references were recorded (refs null) have nothing to compare.
 */
export async function assertRefsUnchanged(
  db: Executor,
  version: { versionNo: number; refs: VersionRefs | null; graph: unknown },
  campaign: { allocation: VersionRefs['allocation']; onExhausted: string },
  doing: 'sign' | 'launch',
): Promise<void> {
  if (!version.refs) return;
  const changes = refsChanges(version.refs, await currentRefs(db, campaign, version.graph as FlowGraph));
  if (changes.length === 0) return;
  const what = doing === 'sign' ? 'its sign-offs would not cover what runs' : 'its sign-offs do not cover what would run';
  const whatZh = doing === 'sign' ? '签署将不能覆盖实际运行的内容' : '已有签署不能覆盖将要运行的内容';
  throw new ServiceError(
    'PRECONDITION_FAILED',
    t(
      `since version ${version.versionNo} was submitted ${changes.map((c) => c.en).join('; ')}: ${what}. Submit a new version for approval`,
      `版本 ${version.versionNo} 提交审批后${changes.map((c) => c.zh).join('；')}：${whatZh}。请提交新版本审批`,
    ),
    { refsChanged: changes },
  );
}

/** The lower of two allocations, figure by figure (a missing figure is unlimited). */
export function lowerAllocation(a: VersionRefs['allocation'], b: VersionRefs['allocation']): VersionRefs['allocation'] {
  const out: VersionRefs['allocation'] = {};
  for (const k of ALLOCATION_KEYS) {
    const x = a[k];
    const y = b[k];
    const v = x === undefined ? y : y === undefined ? x : Math.min(x, y);
    if (v !== undefined) out[k] = v;
  }
  return out;
}
