// Which products a flow checks eligibility for: the products of its eligibility nodes and of
// the offers its offer choices rank. The runtime loads these products' rules and the customers'
// subscriptions for a batch; the designer's Try it asks the server for the same verdicts.
import type { Catalog } from './catalog';
import { offerChoiceProducts } from './kinds';

export function productsChecked(nodes: ReadonlyArray<{ kind: string; params: unknown }>, catalog: Catalog | undefined): string[] {
  const ids = new Set<string>(offerChoiceProducts([...nodes], catalog));
  for (const n of nodes) {
    const productId = n.kind === 'eligibility' ? (n.params as { productId?: unknown }).productId : undefined;
    if (typeof productId === 'string' && productId !== '') ids.add(productId);
  }
  return [...ids].sort();
}
