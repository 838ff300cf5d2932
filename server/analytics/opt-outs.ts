// The customers behind the opt-out figure (issue 7: from a number to the customer behind it): the
// latest opt-outs made in the range (`contact_blocks` with reason opt_out), by the channel they
// cover and where they came from. Opt-outs are few (a few in a thousand customers), so the range's
// rows are read and the newest 200 kept.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../db/client';
import { queryRows } from './rollup';
import { ts, type DashboardFilter } from './filters';

export const OptOutSelection = z.object({
  /** A channel, or '*' for an opt-out of every channel. */
  channel: z.string().min(1).max(32).optional(),
  /** Where opt-outs came from, as the dashboard groups them: `sms_reply`, `hotline`, `frontline` (any task). */
  source: z.string().min(1).max(64).optional(),
});
export type OptOutSelection = z.infer<typeof OptOutSelection>;

export async function optOutList(db: Executor, f: DashboardFilter, sel: OptOutSelection) {
  const rows = await queryRows<{ customer_id: string; name: string | null; channel: string; source: string; created_at: Date | string }>(
    db,
    sql`select b.customer_id, c.name, b.channel, b.source, b.created_at
        from contact_blocks b left join customers c on c.id = b.customer_id
        where b.reason = 'opt_out' and b.created_at >= ${ts(f.from)} and b.created_at < ${ts(f.to)}
          ${f.region ? sql`and c.tags->>'region' = ${f.region}` : sql``}
          ${sel.channel ? sql`and b.channel = ${sel.channel}` : sql``}
          ${sel.source ? sql`and split_part(b.source, ':', 1) = ${sel.source}` : sql``}
        order by b.created_at desc, b.customer_id limit 200`,
  );
  return rows.map((r) => ({ customerId: r.customer_id, customerName: r.name ?? '', channel: r.channel, source: r.source, at: new Date(r.created_at) }));
}
