// The stable public HTTP API (docs/api.md). Next route files and the test/bench server both
// call these handlers, so what is tested is what is served.
import type { App } from '../app';
import { ingestEvents } from '../runtime/event-intake';
import { MAX_EVENTS_PER_REQUEST } from '../runtime/event-input';
import { customerSteps } from '../services/customers';
import { requireApiKey } from './api-key-auth';
import { openApiDocument } from './openapi';
import {
  handleEnrolment,
  handleGetImport,
  handleGetProducts,
  handleGetSubscriptions,
  handleGetTags,
  handleGetEventTypes,
  handleImport,
  handleOutcome,
  handlePatchTags,
} from './partner-api';
import { handleCustomerOffers, handleOffersByMsisdn } from './frontline-api';
import { EventsAnswer, StepsAnswer } from './partner-schemas';
import { json, problem, reply } from './responses';

const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Up, which database, and the time on the runtime's clock (what due times and steps are stamped with). */
export async function handleHealth(app: App): Promise<Response> {
  await app.rt.db.execute('select 1');
  return json(200, { ok: true, db: app.database.kind, time: app.rt.clock.now().toISOString() });
}

export async function handlePostEvents(app: App, req: Request): Promise<Response> {
  const denied = await requireApiKey(app, req, 'events:write');
  if (denied) return denied;
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) return problem(413, `body larger than ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return problem(400, `body is not valid JSON: ${(err as Error).message}`);
  }
  const items = Array.isArray(body) ? body : [body];
  if (Array.isArray(body) && body.length === 0) return problem(400, 'body: the array of events is empty');
  if (items.length > MAX_EVENTS_PER_REQUEST) {
    return problem(400, `body: at most ${MAX_EVENTS_PER_REQUEST} events per request, got ${items.length}`);
  }
  if (!Array.isArray(body) && (typeof body !== 'object' || body === null)) {
    return problem(400, 'body: expected an event object or an array of events');
  }
  const result = await ingestEvents(app.rt, items);
  // A single event that fails its shape is a bad request naming the field; in a batch the
  // good events are accepted and the bad ones reported by index.
  if (!Array.isArray(body) && result.rejected.length) return problem(400, result.rejected[0].error);
  if (result.queued > 0) app.workers?.wake();
  return reply(202, EventsAnswer, result);
}

export async function handleCustomerSteps(app: App, req: Request, customerId: string): Promise<Response> {
  const denied = await requireApiKey(app, req, 'customers:read');
  if (denied) return denied;
  const rows = await customerSteps(app.rt.db, customerId);
  return reply(200, StepsAnswer, {
    customerId,
    steps: rows.map((s) => ({
      campaignId: s.campaignId,
      flowVersionHash: s.versionHash,
      journeyId: s.journeyId,
      nodeId: s.nodeId,
      nodeKind: s.nodeKind,
      outcome: s.outcome,
      at: s.at.toISOString(),
    })),
  });
}

/** Routes a request to the public API; used by the standalone server in tests and benchmarks. */
export async function routePublicApi(app: App, req: Request): Promise<Response> {
  const url = new URL(req.url);
  if (url.pathname === '/api/health' && req.method === 'GET') return handleHealth(app);
  if (url.pathname === '/api/v1/events') {
    return req.method === 'POST' ? handlePostEvents(app, req) : problem(405, 'use POST');
  }
  const steps = /^\/api\/v1\/customers\/([^/]+)\/steps$/.exec(url.pathname);
  if (steps && req.method === 'GET') return handleCustomerSteps(app, req, decodeURIComponent(steps[1]));
  const tags = /^\/api\/v1\/customers\/([^/]+)\/tags$/.exec(url.pathname);
  if (tags) return req.method === 'PATCH' ? handlePatchTags(app, req, decodeURIComponent(tags[1])) : problem(405, 'use PATCH');
  const offers = /^\/api\/v1\/customers\/([^/]+)\/offers$/.exec(url.pathname);
  if (offers) return req.method === 'GET' ? handleCustomerOffers(app, req, decodeURIComponent(offers[1])) : problem(405, 'use GET');
  if (url.pathname === '/api/v1/offers') return req.method === 'GET' ? handleOffersByMsisdn(app, req) : problem(405, 'use GET');
  const subs = /^\/api\/v1\/customers\/([^/]+)\/subscriptions$/.exec(url.pathname);
  if (subs && req.method === 'GET') return handleGetSubscriptions(app, req, decodeURIComponent(subs[1]));
  const imported = /^\/api\/v1\/imports\/([^/]+)$/.exec(url.pathname);
  if (imported) {
    const what = decodeURIComponent(imported[1]);
    if (req.method === 'POST') return handleImport(app, req, what);
    if (req.method === 'GET') return handleGetImport(app, req, what);
    return problem(405, 'use POST to import, GET to read an import');
  }
  const post: Record<string, (app: App, req: Request) => Promise<Response>> = {
    '/api/v1/enrolments': handleEnrolment,
    '/api/v1/outcomes': handleOutcome,
  };
  const get: Record<string, (app: App, req: Request) => Promise<Response>> = {
    '/api/v1/tags': handleGetTags,
    '/api/v1/event-types': handleGetEventTypes,
    '/api/v1/products': handleGetProducts,
    '/api/v1/openapi.json': async () => json(200, openApiDocument()),
  };
  if (post[url.pathname]) return req.method === 'POST' ? post[url.pathname](app, req) : problem(405, 'use POST');
  if (get[url.pathname]) return req.method === 'GET' ? get[url.pathname](app, req) : problem(405, 'use GET');
  return problem(404, `no route for ${req.method} ${url.pathname}`);
}
