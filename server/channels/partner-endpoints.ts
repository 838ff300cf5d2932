// Flows name a partner endpoint, never a URL: the address and the signing secret are resolved
// here at send time from the administered table (server/services/partner-endpoints.ts), so a
// changed address or a rotated secret also applies to retries. The endpoint id is what the
// webhook channel signs for; its secret is looked up again there and never enters the outbox.
// Lookups go through the executor the dispatcher hands over (its transaction): on PGlite, with
// one connection, a query beside it would wait for ever.
import type { Executor } from '../db/client';
import type { Resolved } from '../services/partner-endpoints';
import { WebhookPayload } from './webhook';
import type { ChannelAdapter } from './types';

export type EndpointResolver = (endpointId: string, db: Executor) => Promise<Resolved>;

export function withPartnerEndpoints(inner: ChannelAdapter, resolve: EndpointResolver): ChannelAdapter {
  return {
    channel: inner.channel,
    async send(contact, db) {
      const p = contact.payload;
      const endpointId = String(p.endpointId ?? '');
      const endpoint = await resolve(endpointId, db);
      if ('error' in endpoint) return { ok: false, permanent: true, error: endpoint.error };
      const payload: WebhookPayload = {
        url: endpoint.url,
        partnerId: endpointId,
        body: {
          event: p.eventName ?? 'campaign.contact',
          customerId: contact.customerId,
          campaignId: p.campaignId ?? null,
          offerId: p.offerId ?? null,
          tags: p.tags ?? {},
        },
      };
      return inner.send({ ...contact, payload }, db);
    },
  };
}

/** The endpoint's secret for the webhook channel's signer (undefined when it cannot be used). */
export const secretFrom = (resolve: EndpointResolver) => async (endpointId: string, db: Executor) => {
  const r = await resolve(endpointId, db);
  return 'error' in r ? undefined : r.secret;
};
