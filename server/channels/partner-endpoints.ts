// Flows name a partner endpoint, never a URL: the address and the partner (whose secret signs
// the request) are resolved here at send time, so a changed address also applies to retries.
import { WebhookPayload } from './webhook';
import type { ChannelAdapter } from './types';

export type EndpointMap = Record<string, { url: string; partnerId: string }>;

export function withPartnerEndpoints(inner: ChannelAdapter, endpoints: EndpointMap): ChannelAdapter {
  return {
    channel: inner.channel,
    async send(contact, db) {
      const p = contact.payload;
      const endpointId = String(p.endpointId ?? '');
      const endpoint = endpoints[endpointId];
      if (!endpoint) return { ok: false, permanent: true, error: `endpointId: partner endpoint "${endpointId}" is not configured` };
      const payload: WebhookPayload = {
        url: endpoint.url,
        partnerId: endpoint.partnerId,
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
