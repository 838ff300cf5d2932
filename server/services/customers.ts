import { asc, eq, ilike, or } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { campaigns, customers, sentMessages, steps } from '../db/schema';
import { ServiceError } from './errors';
import { t } from '../../workflows';

export async function findCustomers(db: Executor, input: { search?: string; limit?: number }) {
  const q = input.search?.trim();
  return db
    .select({ id: customers.id, msisdn: customers.msisdn, name: customers.name, tags: customers.tags })
    .from(customers)
    .where(q ? or(ilike(customers.id, `%${q}%`), ilike(customers.msisdn, `%${q}%`), ilike(customers.name, `%${q}%`)) : undefined)
    .orderBy(asc(customers.id))
    .limit(input.limit ?? 50);
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
