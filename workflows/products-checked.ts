// What a flow's nodes name in the catalogue. productsChecked: the products it checks eligibility
// for (its eligibility nodes' and those of the offers its offer choices rank): the runtime loads
// their rules and the customers' subscriptions for a batch; Try it asks the server for the same
// verdicts. namedOffers: the offers it sells (a contact's offerId, an offer choice's offers),
// whose terms an approval is bound to.
import type { Catalog } from './catalog';
import type { FlowGraph } from './graph';
import { offerChoiceProducts } from './kinds';

export function productsChecked(nodes: ReadonlyArray<{ kind: string; params: unknown }>, catalog: Catalog | undefined): string[] {
  const ids = new Set<string>(offerChoiceProducts([...nodes], catalog));
  for (const n of nodes) {
    const productId = n.kind === 'eligibility' ? (n.params as { productId?: unknown }).productId : undefined;
    if (typeof productId === 'string' && productId !== '') ids.add(productId);
  }
  return [...ids].sort();
}

export function namedOffers(graph: Pick<FlowGraph, 'nodes'>): string[] {
  const ids = new Set<string>();
  for (const n of graph.nodes) {
    const p = n.params as { offerId?: unknown; offers?: unknown };
    if (typeof p.offerId === 'string' && p.offerId !== '') ids.add(p.offerId);
    if (n.kind === 'offer_choice' && Array.isArray(p.offers)) {
      for (const o of p.offers as { offerId?: unknown }[]) if (typeof o?.offerId === 'string' && o.offerId !== '') ids.add(o.offerId);
    }
  }
  return [...ids].sort();
}
