// Offers for a caller, for telephony and CRM systems (docs/frontline.md): when a call reaches
// the hotline, the switch or the agent desktop asks which offers live flows hold for the
// caller, by customer id or by calling number. Same answer as the workbench's inbound screen.
import type { App } from '../app';
import { ServiceError } from '../services/errors';
import { serveCaller } from '../services/frontline';
import type { TaskView } from '../services/frontline-tasks';
import { requireApiKey } from './api-key-auth';
import { CallerOffers } from './partner-schemas';
import { problem, reply } from './responses';

const offerJson = (o: TaskView) => ({
  taskId: o.id,
  offerId: o.offerId,
  offer: o.offerLabel,
  productId: o.productId,
  script: o.script,
  campaignId: o.campaignId,
  campaignName: o.campaignName,
  nodeId: o.nodeId,
  triggerEventType: o.triggerType,
  priority: o.priority,
  validUntil: o.dueAt.toISOString(),
  eligible: o.eligibility ? o.eligibility.eligible : null,
  ineligibleReason: o.eligibility?.reason ?? null,
});

async function answer(app: App, req: Request, query: string): Promise<Response> {
  const denied = await requireApiKey(app, req, 'offers:read');
  if (denied) return denied;
  try {
    const { customer, offers } = await serveCaller(app.rt, query);
    return reply(200, CallerOffers, { customer, offers: offers.map(offerJson) });
  } catch (err) {
    if (err instanceof ServiceError) return problem(err.code === 'NOT_FOUND' ? 404 : 400, err.message);
    throw err;
  }
}

/** GET /api/v1/customers/{customerId}/offers */
export const handleCustomerOffers = (app: App, req: Request, customerId: string) => answer(app, req, customerId);

/** GET /api/v1/offers?msisdn=13812345678 */
export async function handleOffersByMsisdn(app: App, req: Request): Promise<Response> {
  const msisdn = new URL(req.url).searchParams.get('msisdn');
  if (!msisdn) return problem(400, 'msisdn: give the calling number, e.g. /api/v1/offers?msisdn=13812345678');
  if (/^C\d+$/i.test(msisdn.trim())) return problem(400, 'msisdn: this is a customer id; use /api/v1/customers/{id}/offers');
  return answer(app, req, msisdn);
}
