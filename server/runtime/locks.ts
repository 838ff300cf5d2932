import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client';
import { customers } from '../db/schema';

/**
 * Locks the customer's row for the rest of the transaction and returns it (null if unknown).
 * Every step of a customer's journeys and every contact reservation takes this lock first, so
 * one customer's work is serial across workers while other customers run in parallel.
 */
export async function lockCustomer(tx: Tx, customerId: string) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update');
  return row ?? null;
}

/**
 * Like lockCustomer, but does not wait: 'busy' when another transaction holds the customer,
 * null when there is no such customer.
 */
export async function tryLockCustomer(tx: Tx, customerId: string) {
  const [row] = await tx.select().from(customers).where(eq(customers.id, customerId)).for('update', { skipLocked: true });
  if (row) return row;
  const [exists] = await tx.select({ id: customers.id }).from(customers).where(eq(customers.id, customerId));
  return exists ? ('busy' as const) : null;
}
