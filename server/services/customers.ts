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

/** A LIMIT that cuts nothing: it keeps PostgreSQL from merging a subquery into the query around it. */
const UNCUT = Number.MAX_SAFE_INTEGER;

/**
 * pg_trgm looks up the trigrams of each run of letters and digits in a LIKE pattern: a term
 * without three in a row ("42", "王伟", "50%") gives it nothing to look up, so it is scanned.
 */
const hasTrigram = (term: string) => /[\p{L}\p{N}]{3}/u.test(term);

/**
 * The statements behind one page of the list. The search is ILIKE '%term%' on each of id, number
 * and name, which the trigram indexes of customers serve for a term of 3+ characters
 * (schema/customers.ts; docs/customer-data.md); a shorter term has no trigram to look up and is
 * scanned. The count runs first and chooses how the page is read. Exported so a test can EXPLAIN
 * exactly what the list runs.
 */
export function customerSearchQueries(db: Executor, input: CustomerListInput) {
  const { search, page, pageSize } = CustomerListInput.parse(input);
  const pattern = search ? containsPattern(search) : null;
  const where = pattern ? or(ilike(customers.id, pattern), ilike(customers.msisdn, pattern), ilike(customers.name, pattern)) : undefined;
  const selection = { id: customers.id, msisdn: customers.msisdn, name: customers.name, tags: customers.tags };
  const offset = (page - 1) * pageSize;
  // The page read in id order, stopping once it is full: quick when matches are common (no search,
  // a short term), but a term whose matches lie far down the id order (every id holding "C0090")
  // would read most customers first, and the planner cannot tell that from its statistics.
  const pageInIdOrder = db.select(selection).from(customers).where(where).orderBy(asc(customers.id)).limit(pageSize).offset(offset);
  // The matches found first (through the trigram indexes), then ordered: for a term the indexes
  // serve and the count found at most CUSTOMER_COUNT_CAP of, that costs what the count did. Same
  // rows, same order. (A term they cannot serve would be scanned to the end; read in id order, it
  // stops at the page, early when matches are common.)
  const found = db.select(selection).from(customers).where(where).limit(UNCUT).as('found');
  const pageOfFound = db.select().from(found).orderBy(asc(found.id)).limit(pageSize).offset(offset);
  return {
    /** How many match, up to CUSTOMER_COUNT_CAP + 1. */
    count: db
      .select({ n: sql<number>`count(*)::int` })
      .from(db.select({ one: sql`1` }).from(customers).where(where).limit(CUSTOMER_COUNT_CAP + 1).as('matching')),
    /** The page's statement, chosen by the count's answer. */
    page: (n: number) => (search && hasTrigram(search) && n <= CUSTOMER_COUNT_CAP ? pageOfFound : pageInIdOrder),
  };
}

/** One page of the customers matching the search, in id order, with how many match. */
export async function findCustomers(db: Executor, input: CustomerListInput): Promise<CustomerPage> {
  const q = customerSearchQueries(db, input);
  const [{ n }] = await q.count;
  const capped = n > CUSTOMER_COUNT_CAP;
  const rows = n === 0 ? [] : await q.page(n);
  return { rows: rows as CustomerPage['rows'], matched: Math.min(n, CUSTOMER_COUNT_CAP), capped };
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
