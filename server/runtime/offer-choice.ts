// Why an offer choice passed over each offer before the one it chose (or every offer, when none
// fitted): recorded in the step's detail so the customer page can say it, as the simulation does.
// Computed with the same data and in the same order as the machine's `offer` guard (eligibility.ts):
// on sale at the step's moment, then the product's eligibility, then the offer's condition.
import { evaluateCondition, type Catalog, type FlowGraph, type LocalizedText } from '../../workflows';
import { checkEligibility, explainVerdict, offerUnavailable, type EligibilityData, type OfferMoment, type OfferUnavailable } from './eligibility';

export type SkippedOffer =
  | { offerId: string; why: 'offer_unavailable'; offer: Omit<OfferUnavailable, 'detail'> }
  | { offerId: string; why: 'not_eligible'; rule: LocalizedText }
  | { offerId: string; why: 'condition_false'; condition: string };

export interface OfferChoiceScope {
  graph: FlowGraph;
  elig: EligibilityData | null;
  offers: OfferMoment | null;
  /** The customer's tags as the guard saw them (earlier tag steps of the transition applied). */
  customer: Record<string, unknown>;
  trigger: { type?: string; attributes?: Record<string, unknown> };
  catalog?: Catalog;
}

/** The offers of node `nodeId` ranked above `chosen` (all of them for "none"), each with why it was skipped. */
export function skippedOffers(nodeId: string, chosen: string, s: OfferChoiceScope): SkippedOffer[] {
  const node = s.graph.nodes.find((n) => n.id === nodeId && n.kind === 'offer_choice');
  const list = (node?.params as { offers?: { offerId: string; condition?: string }[] } | undefined)?.offers ?? [];
  const out: SkippedOffer[] = [];
  for (const o of list) {
    if (o.offerId === chosen) break;
    const row = s.offers?.offers.get(o.offerId);
    const gone = offerUnavailable(o.offerId, row, s.offers?.now ?? new Date(0));
    if (!s.offers || gone) {
      const { state, validFrom, validTo } = gone ?? { state: 'unknown' as const, validFrom: null, validTo: null };
      out.push({ offerId: o.offerId, why: 'offer_unavailable', offer: { state, validFrom, validTo } });
      continue;
    }
    const verdict = checkEligibility(row && s.elig?.products.get(row.productId), s.customer, s.elig?.subscribed ?? new Set());
    const rule = explainVerdict(verdict, s.catalog);
    if (rule) {
      out.push({ offerId: o.offerId, why: 'not_eligible', rule });
      continue;
    }
    const expr = o.condition ?? '';
    if (!evaluateCondition(expr, { customer: s.customer, event: s.trigger.attributes }, { catalog: s.catalog, eventType: s.trigger.type })) {
      out.push({ offerId: o.offerId, why: 'condition_false', condition: expr });
    }
  }
  return out;
}
