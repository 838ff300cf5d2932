// The partner and upstream API (issue 8): CSV imports, incremental tag updates, enrolments,
// outcomes, and reads of the tag schema, the product catalogue and subscriptions. Every route
// authenticates a key with a scope and its rate limit (api-key-auth.ts); bodies are checked
// with the schemas in partner-schemas.ts, which the OpenAPI document is generated from.
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { parseEnrolment, type ApiAttribute } from '../../workflows';
import type { App } from '../app';
import { customers, flowVersions, imports } from '../db/schema';
import { ingestEvents } from '../runtime/event-intake';
import { describeZodError } from '../runtime/event-input';
import { API_ENROLMENT, PARTNER_OUTCOME, TAGS_UPDATED } from '../services/catalog';
import { ImportKind, ImportMode, runImport } from '../services/customer-import';
import { checkTagUpdate } from '../services/customer-tags';
import { customerSubscriptions, listProducts, offerValidAt } from '../services/product-catalogue';
import { authenticate, type ApiCaller } from './api-key-auth';
import { Accepted, EnrolmentBody, EventTypeList, ImportReportSchema, OutcomeBody, ProductList, SubscriptionList, TagList, TagUpdateBody } from './partner-schemas';
import { json, problem, reply } from './responses';

const MAX_JSON_BYTES = 1024 * 1024;

async function readJson<T>(req: Request, schema: z.ZodType<T>): Promise<T | Response> {
  const text = await req.text();
  if (Buffer.byteLength(text) > MAX_JSON_BYTES) return problem(413, `body larger than ${MAX_JSON_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    return problem(400, `body is not valid JSON: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? parsed.data : problem(400, describeZodError(parsed.error));
}

async function customerExists(app: App, id: string): Promise<boolean> {
  const [row] = await app.rt.db.select({ id: customers.id }).from(customers).where(eq(customers.id, id));
  return Boolean(row);
}

/** Records one event for the customer; its id makes a repeat a duplicate. */
async function recordEvent(app: App, event: { eventId: string; customerId: string; type: string; occurredAt?: string; attributes: Record<string, unknown> }) {
  const result = await ingestEvents(app.rt, [{ ...event, occurredAt: event.occurredAt ?? app.rt.clock.now().toISOString() }], 'http');
  if (result.rejected.length) return problem(400, result.rejected[0].error);
  if (result.queued > 0) app.workers?.wake();
  return reply(202, Accepted, { eventId: event.eventId, accepted: result.accepted === 1, duplicate: result.duplicates === 1 });
}

/** `POST /api/v1/imports/{customers|subscriptions}?mode=partial|all_or_nothing&fileName=…`, body text/csv, streamed. */
export async function handleImport(app: App, req: Request, kindText: string): Promise<Response> {
  const caller = await authenticate(app, req, 'imports:write');
  if (caller instanceof Response) return caller;
  const kind = ImportKind.safeParse(kindText);
  if (!kind.success) return problem(404, `no import of ${kindText}: use customers or subscriptions`);
  const type = (req.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (type !== 'text/csv') return problem(415, `send the file as Content-Type: text/csv (UTF-8), got ${type || 'none'}`);
  const url = new URL(req.url);
  const mode = ImportMode.safeParse(url.searchParams.get('mode') ?? 'partial');
  if (!mode.success) return problem(400, 'mode: expected partial or all_or_nothing');
  if (!req.body) return problem(400, 'body: the CSV file is missing');
  const fileName = url.searchParams.get('fileName') ?? `${kind.data}.csv`;
  return importResponse(
    await runImport(app.rt, req.body as unknown as AsyncIterable<Uint8Array>, {
      kind: kind.data,
      mode: mode.data,
      fileName,
      actor: `api-key:${caller.name}`,
    }),
  );
}

/** 200 when imported (all or partly), 422 when the file was refused, 500 when it failed. */
export function importResponse(report: Awaited<ReturnType<typeof runImport>>): Response {
  const status = report.status === 'refused' ? 422 : report.status === 'failed' ? 500 : 200;
  return reply(status, ImportReportSchema, report);
}

/** `GET /api/v1/imports/{id}`: an import's record. */
export async function handleGetImport(app: App, req: Request, id: string): Promise<Response> {
  const caller = await authenticate(app, req, 'imports:write');
  if (caller instanceof Response) return caller;
  if (!z.uuid().safeParse(id).success) return problem(404, `import ${id} not found`);
  const [row] = await app.rt.db.select().from(imports).where(eq(imports.id, id));
  if (!row) return problem(404, `import ${id} not found`);
  return json(200, row);
}

/** `PATCH /api/v1/customers/{id}/tags`: a `tags_updated` event, applied in order with the customer's events. */
export async function handlePatchTags(app: App, req: Request, customerId: string): Promise<Response> {
  const caller = await authenticate(app, req, 'customers:write');
  if (caller instanceof Response) return caller;
  const body = await readJson(req, TagUpdateBody);
  if (body instanceof Response) return body;
  const error = checkTagUpdate(app.rt.catalog, body.tags);
  if (error) return problem(400, error.en.replace(/^attributes\./, 'tags.'));
  if (!(await customerExists(app, customerId))) return problem(404, `customer ${customerId} not found`);
  return recordEvent(app, {
    eventId: body.eventId ?? `tags-${randomUUID()}`,
    customerId,
    type: TAGS_UPDATED,
    occurredAt: body.occurredAt,
    attributes: body.tags,
  });
}

/** The campaign's live version and its API entry node, or why an enrolment cannot go there. */
async function enrolmentTarget(app: App, body: EnrolmentBody): Promise<{ campaignId: string; nodeId: string; attributes: ApiAttribute[] } | Response> {
  let campaignId = body.campaignId;
  if (!campaignId && body.flowId) {
    const [fv] = await app.rt.db.select({ campaignId: flowVersions.campaignId }).from(flowVersions).where(eq(flowVersions.id, body.flowId)).catch(() => []);
    if (!fv) return problem(404, `flowId: no flow ${body.flowId}`);
    campaignId = fv.campaignId;
  }
  const live = (await app.rt.flows.liveFlows(app.rt.db)).find((f) => f.campaignId === campaignId);
  if (!live) return problem(409, `campaignId: campaign ${campaignId} is not live (or does not exist); enrolments go to live campaigns only`);
  const entry = live.graph.nodes.find((n) => n.kind === 'api_entry');
  if (!entry) return problem(409, `campaignId: campaign ${campaignId} has no API entry; add an "API entry" node to its flow`);
  return { campaignId: live.campaignId, nodeId: entry.id, attributes: ((entry.params as { attributes?: ApiAttribute[] }).attributes ?? []) };
}

/**
 * `POST /api/v1/enrolments`: enrols a customer into a live campaign with an API entry. Recorded
 * as an `api_enrolment` event of the customer (campaign_id, entry_node_id, partner, and the
 * checked attributes under `attributes`) so it runs in order with the customer's other events.
 */
export async function handleEnrolment(app: App, req: Request): Promise<Response> {
  const caller = await authenticate(app, req, 'enrolments:write');
  if (caller instanceof Response) return caller;
  const body = await readJson(req, EnrolmentBody);
  if (body instanceof Response) return body;
  if (!(await customerExists(app, body.customerId))) return problem(404, `customerId: customer ${body.customerId} not found`);
  const target = await enrolmentTarget(app, body);
  if (target instanceof Response) return target;
  const parsed = parseEnrolment(target.attributes, body.attributes);
  if (!parsed.ok) {
    const first = parsed.issues[0];
    return problem(400, `attributes${first.field ? `.${first.field}` : ''}: ${first.message.en}`, { issues: parsed.issues });
  }
  return recordEvent(app, {
    eventId: body.enrolmentId ?? `enrol-${randomUUID()}`,
    customerId: body.customerId,
    type: API_ENROLMENT,
    occurredAt: body.occurredAt,
    attributes: { campaign_id: target.campaignId, entry_node_id: target.nodeId, partner: caller.name, attributes: parsed.attributes },
  });
}

/** `POST /api/v1/outcomes`: what the customer did with an offer, as a `partner_outcome` event. */
export async function handleOutcome(app: App, req: Request): Promise<Response> {
  const caller = await authenticate(app, req, 'outcomes:write');
  if (caller instanceof Response) return caller;
  const body = await readJson(req, OutcomeBody);
  if (body instanceof Response) return body;
  if (!(await customerExists(app, body.customerId))) return problem(404, `customerId: customer ${body.customerId} not found`);
  return recordEvent(app, {
    eventId: body.outcomeId,
    customerId: body.customerId,
    type: PARTNER_OUTCOME,
    occurredAt: body.occurredAt,
    attributes: {
      ...(body.attributes ?? {}),
      outcome: body.outcome,
      partner: caller.name,
      ...(body.campaignId ? { campaign_id: body.campaignId } : {}),
      ...(body.offerId ? { offer_id: body.offerId } : {}),
      ...(body.valueCny !== undefined ? { value_cny: body.valueCny } : {}),
    },
  });
}

/** `GET /api/v1/tags`: the declared tag schema. */
export async function handleGetTags(app: App, req: Request): Promise<Response> {
  const caller = await authenticate(app, req, 'catalog:read');
  if (caller instanceof Response) return caller;
  return reply(200, TagList, { tags: app.rt.catalog.tags });
}

/**
 * `GET /api/v1/event-types`: the event types `POST /api/v1/events` accepts (built in and declared
 * by administrators) with their attributes, for upstream systems to check what they send.
 */
export async function handleGetEventTypes(app: App, req: Request): Promise<Response> {
  const caller = await authenticate(app, req, 'catalog:read');
  if (caller instanceof Response) return caller;
  return reply(200, EventTypeList, { eventTypes: app.rt.catalog.eventTypes });
}

/** `GET /api/v1/products`: the product catalogue with offers and whether each is on sale now. */
export async function handleGetProducts(app: App, req: Request): Promise<Response> {
  const caller = await authenticate(app, req, 'catalog:read');
  if (caller instanceof Response) return caller;
  const now = app.rt.clock.now();
  const list = await listProducts(app.rt.db);
  return reply(200, ProductList, {
    products: list.map((p) => ({
      id: p.id,
      nameZh: p.nameZh,
      nameEn: p.nameEn,
      priceCny: p.priceCny,
      exclusiveWith: p.exclusiveWith,
      requiredPlans: p.requiredPlans,
      minTenureMonths: p.minTenureMonths,
      active: p.active,
      offers: p.offers.map((o) => ({
        id: o.id,
        nameZh: o.nameZh,
        nameEn: o.nameEn,
        priceCny: o.priceCny,
        validFrom: o.validFrom?.toISOString() ?? null,
        validTo: o.validTo?.toISOString() ?? null,
        onSale: offerValidAt(o, now),
      })),
    })),
  });
}

/** `GET /api/v1/customers/{id}/subscriptions`. */
export async function handleGetSubscriptions(app: App, req: Request, customerId: string): Promise<Response> {
  const caller = await authenticate(app, req, 'customers:read');
  if (caller instanceof Response) return caller;
  if (!(await customerExists(app, customerId))) return problem(404, `customer ${customerId} not found`);
  const rows = await customerSubscriptions(app.rt.db, customerId);
  return reply(200, SubscriptionList, {
    customerId,
    subscriptions: rows.map((r) => ({ productId: r.productId, since: r.since.toISOString(), nameZh: r.nameZh, nameEn: r.nameEn })),
  });
}

export type { ApiCaller };
