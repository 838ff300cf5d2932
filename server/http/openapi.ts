// The OpenAPI 3.1 document of the public API, generated from the zod schemas the handlers
// validate with (z.toJSONSchema), so the document cannot drift from what is checked.
import { z } from 'zod';
import { EventInput } from '../runtime/event-input';
import { API_KEY_SCOPES } from '../services/api-keys';
import {
  Accepted,
  CallerOffers,
  EnrolmentBody,
  EventsAnswer,
  ImportReportSchema,
  OutcomeBody,
  Problem,
  ProductList,
  ProductSchema,
  StepsAnswer,
  SubscriptionList,
  SubscriptionSchema,
  TagDefinitionSchema,
  TagList,
  TagUpdateBody,
  EventTypeList,
} from './partner-schemas';

const schemas = {
  Event: EventInput,
  TagUpdate: TagUpdateBody,
  Enrolment: EnrolmentBody,
  Outcome: OutcomeBody,
  Accepted,
  Problem,
  ImportReport: ImportReportSchema,
  TagDefinition: TagDefinitionSchema,
  Product: ProductSchema,
  Subscription: SubscriptionSchema,
  EventsAnswer,
  Steps: StepsAnswer,
  CallerOffers,
  TagList,
  EventTypeList,
  ProductList,
  SubscriptionList,
} as const;

type Name = keyof typeof schemas;
const ref = (name: Name) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: object) => ({ content: { 'application/json': { schema } } });

/** Every schema as a component; a schema used inside another becomes a $ref to its component. */
function components(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(schemas)) registry.add(schema as z.ZodType, { id });
  const out = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  for (const s of Object.values(out.schemas)) {
    delete s.$schema;
    delete s.id;
    delete s.$id;
  }
  // As plain JSON: zod's objects are not all plain, and the API docs page hands the document from
  // the server to the browser, which takes only plain objects.
  return JSON.parse(JSON.stringify(out.schemas)) as Record<string, unknown>;
}

const errors = (...codes: number[]) =>
  Object.fromEntries(
    codes.map((c) => [
      String(c),
      {
        description: {
          400: 'The body or a field is wrong; `error` names it',
          401: 'Missing, invalid or revoked API key',
          403: 'The key lacks the scope this route needs',
          404: 'Not found',
          409: 'The target cannot take this now',
          413: 'Body too large',
          415: 'Wrong content type',
          422: 'The file was refused (see the report)',
          429: 'Rate limit of the key exceeded; wait `Retry-After` seconds',
        }[c],
        ...(c === 429 ? { headers: { 'Retry-After': { schema: { type: 'integer' }, description: 'Seconds until a request is allowed' } } } : {}),
        ...jsonBody(c === 422 ? ref('ImportReport') : ref('Problem')),
      },
    ]),
  );

const customerIdParam = { name: 'customerId', in: 'path', required: true, schema: { type: 'string' }, example: 'C000001' };
const secured = (scope: string) => ({ security: [{ apiKey: [scope] }], 'x-scope': scope });

const WEBHOOK_SIGNATURES = `Outgoing webhooks (flow nodes that call a partner endpoint) are signed so the partner can trust them.
Each request carries \`X-Octoflow-Timestamp\` (Unix seconds) and \`X-Octoflow-Signature: v1=<hex>\`, where
\`<hex>\` is HMAC-SHA256 with the endpoint's shared secret over \`<timestamp>.<raw body>\`. To verify: recompute it over the
raw bytes you received, compare in constant time, and refuse timestamps more than 5 minutes old (replays). Use the
\`Idempotency-Key\` header to drop repeats. A reference implementation is server/channels/webhook/verify.ts; see docs/webhooks.md.`;

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'Octoflow public API',
      version: '1',
      description:
        'Touchpoint events, customer data and partner capabilities of Octoflow. Authenticate with `Authorization: Bearer <api key>`; ' +
        'keys are created by administrators (Admin → API keys) with scopes and a rate limit.\n\n## Verifying webhook signatures\n\n' +
        WEBHOOK_SIGNATURES,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: `An API key. Scopes: ${API_KEY_SCOPES.join(', ')}` },
      },
      schemas: components(),
    },
    paths: {
      '/api/v1/events': {
        post: {
          summary: 'Send touchpoint events (one, or an array of up to 1000)',
          description: 'Type `tags_updated` with the changed tags as attributes updates the customer in order with its events.',
          ...secured('events:write'),
          requestBody: { required: true, ...jsonBody({ oneOf: [ref('Event'), { type: 'array', items: ref('Event'), maxItems: 1000 }] }) },
          responses: {
            '202': { description: 'Counts of accepted, duplicate and rejected events (rejected by index)', ...jsonBody(ref('EventsAnswer')) },
            ...errors(400, 401, 403, 413, 429),
          },
        },
      },
      '/api/v1/customers/{customerId}/steps': {
        get: {
          summary: "The customer's journey steps",
          ...secured('customers:read'),
          parameters: [customerIdParam],
          responses: { '200': { description: 'Steps, oldest first', ...jsonBody(ref('Steps')) }, ...errors(401, 403, 429) },
        },
      },
      '/api/v1/customers/{customerId}/tags': {
        patch: {
          summary: "Change some of the customer's tags",
          description: 'Recorded as a `tags_updated` event and merged in order with the customer\'s events; null removes a tag.',
          ...secured('customers:write'),
          parameters: [customerIdParam],
          requestBody: { required: true, ...jsonBody(ref('TagUpdate')) },
          responses: { '202': { description: 'Accepted', ...jsonBody(ref('Accepted')) }, ...errors(400, 401, 403, 404, 429) },
        },
      },
      '/api/v1/customers/{customerId}/offers': {
        get: {
          summary: 'Offers live campaigns hold for the customer now (inbound scenario marketing)',
          description: 'The same answer as the inbound screen of the frontline workbench (docs/frontline.md).',
          ...secured('offers:read'),
          parameters: [customerIdParam],
          responses: { '200': { description: 'The customer and the offers', ...jsonBody(ref('CallerOffers')) }, ...errors(401, 403, 404, 429) },
        },
      },
      '/api/v1/offers': {
        get: {
          summary: 'Offers for a caller, by calling number',
          ...secured('offers:read'),
          parameters: [{ name: 'msisdn', in: 'query', required: true, schema: { type: 'string' }, description: 'The calling number; spaces, dashes and +86 are ignored' }],
          responses: { '200': { description: 'The customer and the offers', ...jsonBody(ref('CallerOffers')) }, ...errors(400, 401, 403, 404, 429) },
        },
      },
      '/api/v1/customers/{customerId}/subscriptions': {
        get: {
          summary: 'What the customer subscribes to',
          ...secured('customers:read'),
          parameters: [customerIdParam],
          responses: {
            '200': { description: 'Subscriptions', ...jsonBody(ref('SubscriptionList')) },
            ...errors(401, 403, 404, 429),
          },
        },
      },
      '/api/v1/imports/{kind}': {
        post: {
          summary: 'Import customers with tags, or subscriptions, from CSV (streamed)',
          description:
            'customers: header `customer_id,msisdn,name,<declared tags…>`; an empty cell removes that tag. subscriptions: `customer_id,product_id,since`. ' +
            'UTF-8. Re-importing the same file changes nothing. mode=partial imports the good rows and reports the bad ones by line; ' +
            'mode=all_or_nothing writes nothing if any line fails.',
          ...secured('imports:write'),
          parameters: [
            { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: ['customers', 'subscriptions'] } },
            { name: 'mode', in: 'query', schema: { type: 'string', enum: ['partial', 'all_or_nothing'], default: 'partial' } },
            { name: 'fileName', in: 'query', schema: { type: 'string' }, description: 'Recorded with the import' },
          ],
          requestBody: { required: true, content: { 'text/csv': { schema: { type: 'string' } } } },
          responses: { '200': { description: 'Imported', ...jsonBody(ref('ImportReport')) }, ...errors(400, 401, 403, 415, 422, 429) },
        },
      },
      '/api/v1/imports/{id}': {
        get: {
          summary: 'An import and its report',
          ...secured('imports:write'),
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
          responses: { '200': { description: 'The import' }, ...errors(401, 403, 404, 429) },
        },
      },
      '/api/v1/enrolments': {
        post: {
          summary: 'Enrol a customer into a live campaign that has an API entry',
          ...secured('enrolments:write'),
          requestBody: { required: true, ...jsonBody(ref('Enrolment')) },
          responses: { '202': { description: 'Accepted', ...jsonBody(ref('Accepted')) }, ...errors(400, 401, 403, 404, 409, 429) },
        },
      },
      '/api/v1/outcomes': {
        post: {
          summary: 'Record what a customer did with an offer',
          ...secured('outcomes:write'),
          requestBody: { required: true, ...jsonBody(ref('Outcome')) },
          responses: { '202': { description: 'Accepted', ...jsonBody(ref('Accepted')) }, ...errors(400, 401, 403, 404, 429) },
        },
      },
      '/api/v1/tags': {
        get: {
          summary: 'The declared customer tag schema',
          ...secured('catalog:read'),
          responses: {
            '200': { description: 'Tags', ...jsonBody(ref('TagList')) },
            ...errors(401, 403, 429),
          },
        },
      },
      '/api/v1/event-types': {
        get: {
          summary: 'The event types POST /api/v1/events accepts, with their attributes',
          description: 'Built in, and declared by administrators under Admin → Event types. An event of another type is refused (400) and kept for the operator.',
          ...secured('catalog:read'),
          responses: {
            '200': { description: 'Event types', ...jsonBody(ref('EventTypeList')) },
            ...errors(401, 403, 429),
          },
        },
      },
      '/api/v1/products': {
        get: {
          summary: 'The product catalogue with offers',
          ...secured('catalog:read'),
          responses: {
            '200': { description: 'Products', ...jsonBody(ref('ProductList')) },
            ...errors(401, 403, 429),
          },
        },
      },
      '/api/v1/openapi.json': { get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    'x-webhook-signatures': WEBHOOK_SIGNATURES,
  };
  return cached;
}
