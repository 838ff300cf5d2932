import { asc, eq, ilike, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { containsPattern } from '../db/like';
import { campaigns, customers, sentMessages, steps } from '../db/schema';
import { ServiceError } from './errors';
import { t } from '../../workflows';

/** Which customers (part of the id, number or name), which page. */
export const CustomerListInput = z
  .object({
    search: z.string().trim().max(100).optional(),
    page: z.number().int().min(1).max(1000).default(1),
    pageSize: z.number().int().min(1).max(100).default(20),
  })
  .default({ page: 1, pageSize: 20 });
export type CustomerListInput = z.input<typeof CustomerListInput>;

/**
 * Counting every match of an operator's tens of millions of customers would cost a scan per page
 * view; the list counts up to this many and says "more" beyond.
 */
export const CUSTOMER_COUNT_CAP = 10_000;

export interface CustomerPage {
  rows: { id: string; msisdn: string; name: string; tags: Record<string, unknown> }[];
  /** Matching customers, up to CUSTOMER_COUNT_CAP. */
  matched: number;
  /** More match than `matched` says. */
  capped: boolean;
}

/** One page of the customers matching the search, in id order, with how many match. */
export async function findCustomers(db: Executor, input: CustomerListInput): Promise<CustomerPage> {
  const { search, page, pageSize } = CustomerListInput.parse(input);
  const pattern = search ? containsPattern(search) : null;
  const where = pattern ? or(ilike(customers.id, pattern), ilike(customers.msisdn, pattern), ilike(customers.name, pattern)) : undefined;
  const [rows, [{ n }]] = await Promise.all([
    db
      .select({ id: customers.id, msisdn: customers.msisdn, name: customers.name, tags: customers.tags })
      .from(customers)
      .where(where)
      .orderBy(asc(customers.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db
      .select({ n: sql<number>`count(*)::int` })
      .from(db.select({ one: sql`1` }).from(customers).where(where).limit(CUSTOMER_COUNT_CAP + 1).as('matching')),
  ]);
  return { rows: rows as CustomerPage['rows'], matched: Math.min(n, CUSTOMER_COUNT_CAP), capped: n > CUSTOMER_COUNT_CAP };
}

export async function getCustomer(db: Executor, id: string) {
  const [row] = await db.select().from(customers).where(eq(customers.id, id));
  if (!row) throw new ServiceError('NOT_FOUND', t(`customer ${id} not found`, `找不到客户 ${id}`));
  return row;
}

/** The persisted steps of a customer's journeys, oldest first. */
export async function customerSteps(db: Executor, customerId: string) {
  return db
    .select({
      id: steps.id,
      journeyId: steps.journeyId,
      campaignId: steps.campaignId,
      campaignName: campaigns.name,
      versionHash: steps.versionHash,
      nodeId: steps.nodeId,
      nodeKind: steps.nodeKind,
      outcome: steps.outcome,
      detail: steps.detail,
      at: steps.at,
    })
    .from(steps)
    .innerJoin(campaigns, eq(campaigns.id, steps.campaignId))
    .where(eq(steps.customerId, customerId))
    .orderBy(asc(steps.id));
}

export async function customerMessages(db: Executor, customerId: string) {
  return db
    .select({ id: sentMessages.id, channel: sentMessages.channel, address: sentMessages.address, body: sentMessages.body, at: sentMessages.at })
    .from(sentMessages)
    .where(eq(sentMessages.customerId, customerId))
    .orderBy(asc(sentMessages.id));
}
