import { getKind, kindValueLabels, type Catalog, type LocalizedText, type NodeKind } from '@/workflows';
import { pickText } from '@/app/_lib/localized';

/**
 * The one-line summary of a node's settings on the canvas, keyed by kind. A kind without an
 * entry here gets the generic summary (its text settings), so a new kind shows up at once.
 */

export interface SummaryContext {
  catalog: Catalog | undefined;
  locale: string;
  /** Translated words for summaries (namespace `flow.summary`). */
  words: { duration(amount: unknown, unit: string): string; noEvent: string; noCondition: string; emptyMessage: string; heldOut: string };
}

type Summary = (params: Record<string, unknown>, ctx: SummaryContext) => string;

const str = (v: unknown) => (typeof v === 'string' ? v : '');
const clip = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n)}…` : s);

const summaries: Partial<Record<NodeKind, Summary>> = {
  trigger: (p, ctx) => {
    const type = str(p.eventType);
    if (!type) return ctx.words.noEvent;
    const def = ctx.catalog?.eventTypes.find((e) => e.type === type);
    const name = def ? pickText(def.label, ctx.locale) : type;
    return str(p.condition).trim() ? `${name} · ${clip(str(p.condition), 40)}` : name;
  },
  condition: (p, ctx) => clip(str(p.expr)) || ctx.words.noCondition,
  sms: (p, ctx) => clip(str(p.template)) || ctx.words.emptyMessage,
  wait: (p, ctx) => {
    const d = (p.duration ?? {}) as { amount?: unknown; unit?: unknown };
    return ctx.words.duration(d.amount, str(d.unit));
  },
  offer_choice: (p, ctx) => {
    const offers = Array.isArray(p.offers) ? (p.offers as { offerId?: unknown }[]) : [];
    const names = offers.map((o) => {
      const offer = ctx.catalog?.offers.find((x) => x.id === o.offerId);
      return offer ? pickText(offer.label, ctx.locale) : str(o.offerId);
    });
    return clip(names.filter(Boolean).join(' › '));
  },
  control_group: (p, ctx) => `${String(p.percent ?? '?')}% ${ctx.words.heldOut}`,
  end: () => '',
};

const valueLabels = new Map<NodeKind, Record<string, Record<string, LocalizedText>>>();

/** The kind's text and number settings, a choice by what the kind calls it (priority 高, not high). */
function generic(kind: string, params: Record<string, unknown>, ctx: SummaryContext): string {
  let labels = valueLabels.get(kind as NodeKind);
  if (!labels) valueLabels.set(kind as NodeKind, (labels = getKind(kind) ? kindValueLabels(kind as NodeKind) : {}));
  return clip(
    Object.entries(params)
      .filter(([, v]) => typeof v === 'string' || typeof v === 'number')
      .map(([key, v]) => {
        const label = typeof v === 'string' ? labels[key]?.[v] : undefined;
        return label ? pickText(label, ctx.locale) : String(v);
      })
      .join(' · '),
  );
}

export function summarize(kind: string, params: Record<string, unknown>, ctx: SummaryContext): string {
  const fn = summaries[kind as NodeKind];
  return fn ? fn(params, ctx) : generic(kind, params, ctx);
}
