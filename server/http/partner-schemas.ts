// Request and response bodies of the partner API. The handlers validate with these schemas and
// the OpenAPI document (server/http/openapi.ts) is generated from the same ones.
import { z } from 'zod';
import { OUTCOMES } from '../services/catalog';

const customerId = z.string().min(1).max(100).describe('The customer id, e.g. C000001');
const occurredAt = z.iso.datetime({ offset: true }).describe('When it happened, ISO 8601 with offset; default now');
const requestId = z
  .string()
  .min(1)
  .max(200)
  .describe('Your id for this request: a repeat with the same id is a duplicate and changes nothing');

export const TagUpdateBody = z
  .object({
    tags: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .describe('The changed tags; null removes a tag. Names and types must match the declared tag schema (GET /api/v1/tags)'),
    eventId: requestId.optional(),
    occurredAt: occurredAt.optional(),
  });
export type TagUpdateBody = z.infer<typeof TagUpdateBody>;

export const EnrolmentBody = z
  .object({
    enrolmentId: requestId.optional(),
    customerId,
    campaignId: z.string().min(1).max(100).optional().describe('The campaign to enrol into (its live version runs)'),
    flowId: z.string().min(1).max(100).optional().describe('Alternatively a flow version id; its campaign is used'),
    attributes: z.record(z.string(), z.unknown()).optional().describe('Passed to the flow as event attributes'),
    occurredAt: occurredAt.optional(),
  })
  .refine((b) => Boolean(b.campaignId) !== Boolean(b.flowId), { message: 'give exactly one of campaignId and flowId', path: ['campaignId'] });
export type EnrolmentBody = z.infer<typeof EnrolmentBody>;

export const OutcomeBody = z
  .object({
    outcomeId: requestId,
    customerId,
    outcome: z.enum(OUTCOMES).describe('What the customer did'),
    campaignId: z.string().max(100).optional(),
    offerId: z.string().max(100).optional(),
    valueCny: z.number().finite().min(0).optional().describe('Revenue attributed, CNY'),
    attributes: z.record(z.string(), z.unknown()).optional(),
    occurredAt: occurredAt.optional(),
  });
export type OutcomeBody = z.infer<typeof OutcomeBody>;

export const Accepted = z
  .object({ eventId: z.string(), accepted: z.boolean(), duplicate: z.boolean() })
  .describe('Recorded as an event of the customer (processed in order with its other events)');

export const Problem = z.object({ error: z.string().describe('What is wrong, naming the field') });

export const ImportReportSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['customers', 'subscriptions']),
    mode: z.enum(['partial', 'all_or_nothing']),
    status: z.enum(['running', 'succeeded', 'partial', 'refused', 'failed']),
    lines: z.number().int().describe('Lines read, header included'),
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    errors: z
      .array(
        z.object({
          line: z.number().int(),
          reason: z.string().describe('In English'),
          code: z.string().optional().describe('A stable reason code (the import page words it in Chinese or English)'),
          params: z.record(z.string(), z.union([z.string(), z.number()])).optional().describe("The reason's values"),
        }),
      )
      .describe('The first 1000 rejected lines'),
    error: z.string().nullable().describe('Why the whole file was refused or failed'),
    errorDetail: z
      .object({ code: z.string(), params: z.record(z.string(), z.union([z.string(), z.number()])) })
      .nullable()
      .optional()
      .describe('The same as a reason code with its values'),
  });

export const TagDefinitionSchema = z
  .object({
    name: z.string(),
    type: z.enum(['string', 'int', 'double', 'bool', 'enum']),
    values: z.array(z.string()).optional(),
    label: z.object({ zh: z.string(), en: z.string() }),
    description: z.object({ zh: z.string(), en: z.string() }).optional(),
  });

export const OfferSchema = z
  .object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    priceCny: z.number(),
    validFrom: z.string().nullable(),
    validTo: z.string().nullable(),
    onSale: z.boolean().describe('Active and inside its validity now'),
  });

export const ProductSchema = z
  .object({
    id: z.string(),
    nameZh: z.string(),
    nameEn: z.string(),
    priceCny: z.number(),
    exclusiveWith: z.array(z.string()).describe('Products a customer may not hold together with this one'),
    requiredPlans: z.array(z.string()).describe('Plans (tag `plan`) this product requires; empty = any'),
    minTenureMonths: z.number().int(),
    active: z.boolean(),
    offers: z.array(OfferSchema),
  });

export const SubscriptionSchema = z
  .object({ productId: z.string(), since: z.string(), nameZh: z.string().nullable(), nameEn: z.string().nullable() });

const Localized = z.object({ zh: z.string(), en: z.string() });

/** `POST /api/v1/events`: what became of each event. */
export const EventsAnswer = z.object({
  accepted: z.number().int().describe('New events recorded'),
  duplicates: z.number().int().describe('Events whose eventId was already recorded (nothing changed)'),
  rejected: z.array(z.object({ index: z.number().int().describe('Position in the array sent'), error: z.string().describe('What is wrong, naming the field') })),
});

/** `GET /api/v1/customers/{id}/steps`. */
export const StepsAnswer = z.object({
  customerId: z.string(),
  steps: z.array(
    z.object({
      campaignId: z.string(),
      flowVersionHash: z.string().describe('The approved version the journey runs'),
      journeyId: z.string(),
      nodeId: z.string(),
      nodeKind: z.string(),
      outcome: z.string(),
      at: z.string().describe('ISO 8601'),
    }),
  ),
});

/** The caller's card, as the inbound screen of the workbench shows it. */
export const CustomerCardSchema = z.object({
  id: z.string(),
  name: z.string(),
  msisdn: z.string(),
  plan: z.string().nullable(),
  valueTier: z.string().nullable(),
  arpu: z.number().nullable(),
  region: z.string().nullable(),
  tenureMonths: z.number().nullable(),
  device: z.string().nullable(),
  channelPreference: z.string().nullable(),
  optedOut: z.boolean(),
  subscriptions: z.array(z.object({ productId: z.string(), nameZh: z.string(), nameEn: z.string() })).describe('Products held now'),
});

export const CallerOfferSchema = z.object({
  taskId: z.string(),
  offerId: z.string().nullable(),
  offer: Localized.nullable().describe('The offer label'),
  productId: z.string().nullable(),
  script: z.string().describe('The approved wording, rendered for the caller'),
  campaignId: z.string(),
  campaignName: z.string(),
  nodeId: z.string(),
  triggerEventType: z.string().nullable().describe('The touchpoint that started the journey (why it is offered)'),
  priority: z.number().int(),
  validUntil: z.string().describe('ISO 8601; the offer is also withdrawn when it is no longer on sale'),
  eligible: z.boolean().nullable().describe('Eligibility for the product checked now; null when the offer has no product'),
  ineligibleReason: Localized.nullable(),
});

/** `GET /api/v1/customers/{id}/offers` and `GET /api/v1/offers?msisdn=`. */
export const CallerOffers = z.object({ customer: CustomerCardSchema, offers: z.array(CallerOfferSchema).describe('Best first') });

export const TagList = z.object({ tags: z.array(TagDefinitionSchema) });

/** A touchpoint event type intake accepts, with its attributes' declared types. */
export const EventTypeSchema = z.object({
  type: z.string(),
  label: Localized,
  description: Localized.optional(),
  attributes: z.array(TagDefinitionSchema).describe('Declared attributes: optional, but typed when present; others pass through untouched'),
});
export const EventTypeList = z.object({ eventTypes: z.array(EventTypeSchema) });
export const ProductList = z.object({ products: z.array(ProductSchema) });
export const SubscriptionList = z.object({ customerId: z.string(), subscriptions: z.array(SubscriptionSchema) });
