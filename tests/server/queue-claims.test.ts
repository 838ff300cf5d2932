// Work-queue claims (outbox, timers) must not get slower as rows are finished: a claim reads the
// due rows in its partial index's order and stops at its limit, and does not re-read the rows
// sent or fired since the last vacuum. Measured as the pages one claim touches (EXPLAIN BUFFERS),
// on PGlite and on PostgreSQL, with autovacuum kept away so the finished rows' entries stay, and
// the tables not analyzed since they grew (so the planner expects few due rows, as it did under
// load on the runtime bench, where it chose a bitmap scan that re-read every sent row).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Tx } from '@/server/db/client';
import { claimInIndexOrder } from '@/server/db/queue-claim';
import { claimStatement } from '@/server/runtime/outbox-dispatcher';
import { claimDueTimers } from '@/server/runtime/timer-poller';
import { heldCampaignsStatement } from '@/server/runtime/held-contacts';
import { createTestApp, rolledBack, type TestApp } from './support/test-app';

const FINISHED = 6000;

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp({ demo: false });
});
afterAll(async () => app.close());

interface PlanNode {
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  'Actual Rows'?: number;
}

/** The claim as the worker runs it: the pages it touched and the rows it claimed. */
async function claim(statement: SQL | ((tx: Tx) => SQLWrapper)): Promise<{ pages: number; rows: number }> {
  return rolledBack(app.rt.db, async (tx) => {
    const query = typeof statement === 'function' ? statement(tx) : statement;
    const result = (await claimInIndexOrder(tx, () => tx.execute(sql`explain (analyze, buffers, format json) ${query}`))) as unknown as {
      rows: { 'QUERY PLAN': [{ Plan: PlanNode }] | string }[];
    };
    // Only the claim is planned so: the rest of the transaction may use bitmap scans again.
    const after = (await tx.execute(sql`show enable_bitmapscan`)) as unknown as { rows: { enable_bitmapscan: string }[] };
    expect(after.rows[0]!.enable_bitmapscan).toBe('on');
    const raw = result.rows[0]!['QUERY PLAN'];
    const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw)[0].Plan as PlanNode;
    return { pages: (plan['Shared Hit Blocks'] ?? 0) + (plan['Shared Read Blocks'] ?? 0), rows: plan['Actual Rows'] ?? 0 };
  });
}

describe('claiming from the work queues after many rows were finished', () => {
  beforeAll(async () => {
    await app.rt.db.execute(sql`alter table outbox set (autovacuum_enabled = false)`);
    await app.rt.db.execute(sql`alter table timers set (autovacuum_enabled = false)`);
    await app.rt.db.execute(sql`insert into customers (id, msisdn, name) values ('CQ1', '8613800000001', 'Queue')`);
    const campaign = '00000000-0000-4000-8000-000000000001';
    // Finished rows: inserted pending, then sent, as the dispatcher leaves them.
    await app.rt.db.execute(sql`
      insert into outbox (effect_key, journey_id, customer_id, campaign_id, node_id, channel, payload, next_attempt_at)
      select 'done-' || g, gen_random_uuid(), 'CQ1', ${campaign}::uuid, 'sms', 'sms', '{"text":"An offer for you, reply Y to take it"}'::jsonb,
             now() - interval '1 hour' + g * interval '1 ms'
        from generate_series(1, ${FINISHED}) g`);
    await app.rt.db.execute(sql`update outbox set status = 'sent', sent_at = now()`);
    await app.rt.db.execute(sql`
      insert into outbox (effect_key, journey_id, customer_id, campaign_id, node_id, channel, payload, next_attempt_at)
      select 'due-' || g, gen_random_uuid(), 'CQ1', ${campaign}::uuid, 'sms', 'sms', '{}'::jsonb, now() - interval '1 minute'
        from generate_series(1, 5) g`);
    // Timers: fired ones, then five due. Their journeys do not matter to the claim (it left-joins
    // them), so the rows go in without them (replica mode skips the foreign key's check).
    await app.rt.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into timers (journey_id, node_id, journey_revision, due_at, status)
        select gen_random_uuid(), 'wait', 0, now() - interval '1 hour' + g * interval '1 ms', 'pending' from generate_series(1, ${FINISHED}) g`);
    });
    await app.rt.db.execute(sql`update timers set status = 'fired', fired_at = now()`);
    await app.rt.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into timers (journey_id, node_id, journey_revision, due_at)
        select gen_random_uuid(), 'wait', 0, now() - interval '1 minute' from generate_series(1, 5) g`);
    });
  });

  it('should claim the due outbox rows without reading the thousands of rows sent before them', async () => {
    const now = new Date(Date.now() + 1000).toISOString();
    // The first claim after the sends passes their entries once and marks them dead...
    expect((await claim(claimStatement(now, 50))).rows).toBe(5);
    // ...so the next reads a few pages, not one per sent row (without this: hundreds).
    const next = await claim(claimStatement(now, 50));
    expect(next.rows).toBe(5);
    expect(next.pages).toBeLessThan(60);
  });

  it('should claim the due timers without reading the thousands fired before them', async () => {
    const now = new Date(Date.now() + 1000);
    expect((await claim((tx) => claimDueTimers(tx, now, 50))).rows).toBe(5);
    const next = await claim((tx) => claimDueTimers(tx, now, 50));
    expect(next.rows).toBe(5);
    expect(next.pages).toBeLessThan(60);
  });

  it('should find the campaigns whose held contacts can be settled without reading a paused campaign’s thousands or every ended campaign', async () => {
    const paused = '00000000-0000-4000-8000-000000000002';
    const live = '00000000-0000-4000-8000-000000000003';
    await app.rt.db.execute(sql`
      insert into campaigns (id, name, department, status, draft_graph) values
        (${paused}::uuid, 'Paused with many held', 'market', 'paused', '{}'::jsonb),
        (${live}::uuid, 'Live again', 'market', 'live', '{}'::jsonb)`);
    // Years of campaigns that ended with nothing held.
    await app.rt.db.execute(sql`
      insert into campaigns (name, department, status, draft_graph)
      select 'Ended ' || g, 'market', 'ended', '{}'::jsonb from generate_series(1, 2000) g`);
    await app.rt.db.execute(sql`
      insert into outbox (effect_key, journey_id, customer_id, campaign_id, node_id, channel, payload, status)
      select 'held-' || g, gen_random_uuid(), 'CQ1', case when g = 1 then ${live}::uuid else ${paused}::uuid end, 'sms', 'sms', '{}'::jsonb, 'held'
        from generate_series(1, ${FINISHED}) g`);
    const found = await claim(heldCampaignsStatement());
    expect(found.rows).toBe(1);
    // One probe per campaign with held rows (reached from the campaigns instead: one per ended
    // campaign; from the held rows: every held row's entry and page).
    expect(found.pages).toBeLessThan(40);
  });
});
