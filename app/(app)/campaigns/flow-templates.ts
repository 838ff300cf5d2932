import { FlowGraph } from '@/workflows';
import contractRenewal from '@/workflows/examples/contract-renewal.json';
import counterBestOffer from '@/workflows/examples/counter-best-offer.json';
import dataUsageUpsell from '@/workflows/examples/data-usage-upsell.json';
import familyPlanHolidayBatch from '@/workflows/examples/family-plan-holiday-batch.json';
import inboundCallOffer from '@/workflows/examples/inbound-call-offer.json';
import lowBalanceTopUp from '@/workflows/examples/low-balance-top-up.json';
import partnerCardEnrolment from '@/workflows/examples/partner-card-enrolment.json';
import roamingDayPass from '@/workflows/examples/roaming-day-pass.json';
import weeklyGoldBatch from '@/workflows/examples/weekly-gold-batch.json';

/**
 * Starting points for a new campaign: the example flows of the flow language (workflows/examples),
 * checked like any imported file. Their names are "English / 中文".
 */
const SOURCES: Record<string, unknown> = {
  'data-usage-upsell': dataUsageUpsell,
  'contract-renewal': contractRenewal,
  'inbound-call-offer': inboundCallOffer,
  'low-balance-top-up': lowBalanceTopUp,
  'roaming-day-pass': roamingDayPass,
  'weekly-gold-batch': weeklyGoldBatch,
  'partner-card-enrolment': partnerCardEnrolment,
  'family-plan-holiday-batch': familyPlanHolidayBatch,
  'counter-best-offer': counterBestOffer,
};

export interface FlowTemplate {
  id: string;
  graph: FlowGraph;
  name: { en: string; zh: string };
}

export const FLOW_TEMPLATES: FlowTemplate[] = Object.entries(SOURCES).map(([id, json]) => {
  const graph = FlowGraph.parse(json);
  const [en = id, zh = en] = (graph.name ?? id).split(' / ');
  return { id, graph, name: { en, zh } };
});

export const templateName = (tpl: FlowTemplate, locale: string) => (locale.startsWith('zh') ? tpl.name.zh : tpl.name.en);
