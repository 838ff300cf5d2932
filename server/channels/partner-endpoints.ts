// Flows name a partner endpoint, never a URL: the address and the signing secret are resolved
// here at send time from the administered table (server/services/partner-endpoints.ts), so a
// changed address or a rotated secret also applies to retries. The endpoint id is what the
// webhook channel signs for; its secret is looked up again there and never enters the outbox.
// Lookups are per delivery batch: the first send of a batch loads every endpoint the batch's
// webhook contacts name with one query on the dispatcher's transaction (on PGlite, with one
// connection, a query beside it would wait for ever), and the batch's other sends read that.
// Endpoints are cached between batches while the database's change feed hears every change to
// them (db/change-feed.ts), so a disabled endpoint or a new address or secret applies from the
// next batch after the change commits, in every process.
import type { Executor } from '../db/client';
import { FeedCache, type ChangeFeed } from '../db/change-feed';
import type { Resolved } from '../services/partner-endpoints';
import { WebhookPayload } from './webhook';
import type { ChannelAdapter, DeliveryBatch } from './types';

export type EndpointResolver = (endpointId: string, batch: DeliveryBatch) => Promise<Resolved>;
/** Resolves the given endpoints with one query: an entry for every id. */
export type EndpointsLoader = (db: Executor, ids: string[]) => Promise<Map<string, Resolved>>;

const endpointIdOf = (payload: Record<string, unknown>) => String(payload.endpointId ?? '');

/** `load` with the endpoints cached while `changes` is live (what server/app.ts gives the channel). */
export function cachedEndpoints(changes: ChangeFeed, load: EndpointsLoader): EndpointsLoader {
  const cache = new FeedCache<Resolved>(changes, 'partner_endpoints');
  return (db, ids) => cache.getMany(ids, (missing) => load(db, missing));
}

/** An EndpointResolver that loads the endpoints of the whole batch at its first call. */
export function batchResolver(load: EndpointsLoader, channel = 'webhook'): EndpointResolver {
  return async (endpointId, batch) => {
    const named = batch.contacts.filter((c) => c.channel === channel).map((c) => endpointIdOf(c.payload));
    const all = await batch.once(`partner-endpoints:${channel}`, (db) => load(db, named));
    // A contact handed over outside the batch's list (a direct send) is looked up alone.
    return all.get(endpointId) ?? (await batch.db((db) => load(db, [endpointId]))).get(endpointId)!;
  };
}

export function withPartnerEndpoints(inner: ChannelAdapter, resolve: EndpointResolver): ChannelAdapter {
  return {
    channel: inner.channel,
    async send(contact, batch) {
      const p = contact.payload;
      const endpointId = endpointIdOf(p);
      const endpoint = await resolve(endpointId, batch);
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
      return inner.send({ ...contact, payload }, batch);
    },
  };
}

/** The endpoint's secret for the webhook channel's signer (undefined when it cannot be used). */
export const secretFrom = (resolve: EndpointResolver) => async (endpointId: string, batch: DeliveryBatch) => {
  const r = await resolve(endpointId, batch);
  return 'error' in r ? undefined : r.secret;
};
