// Upgrading a big PostgreSQL database without blocking writes (issue 7): the pending migrations'
// indexes are built CONCURRENTLY beforehand (npm run db:prepare-upgrade), and the migration then
// keeps them instead of failing on them or building them again. The upgraded database must end up
// exactly as a new one is built.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrationsFolder, openPostgres } from '@/server/db/client';
import { extensionsCreated, indexStatements, migratePostgres, prepareIndexes, withIndexesIfNotExists } from '@/server/db/upgrade';
import { onPostgres } from './support/test-app';

describe('index statements of the migrations', () => {
  it('should read every CREATE INDEX as IF NOT EXISTS and leave the rest and the ledger hashes alone', () => {
    const files = readMigrationFiles({ migrationsFolder });
    const rewritten = withIndexesIfNotExists(files);
    expect(rewritten.map((m) => m.hash)).toEqual(files.map((m) => m.hash));
    const all = files.flatMap((m) => m.sql);
    const after = rewritten.flatMap((m) => m.sql);
    const indexes = all.filter((s) => /CREATE (UNIQUE )?INDEX/.test(s)).length;
    expect(indexes).toBeGreaterThan(40);
    expect(after.filter((s) => /CREATE (UNIQUE )?INDEX IF NOT EXISTS "/.test(s))).toHaveLength(indexes);
    expect(after.filter((s) => !/CREATE (UNIQUE )?INDEX/.test(s))).toEqual(all.filter((s) => !/CREATE (UNIQUE )?INDEX/.test(s)));
    // The indexes shipped for the dashboards in 0002 and 0003.
    expect(files.slice(2, 4).flatMap(indexStatements).map((i) => `${i.table}.${i.name}`)).toEqual([
      'frontline_tasks.frontline_tasks_created_idx',
      'frontline_tasks.frontline_tasks_shop_idx',
      'frontline_tasks.frontline_tasks_team_idx',
      'steps.steps_sparse_outcome_idx',
    ]);
    // The extension the customer search's trigram indexes need (0019), created before them.
    expect(files.flatMap((m, i) => extensionsCreated(m).map((e) => `${i}:${e}`))).toEqual(['19:pg_trgm']);
  });
});

describe.skipIf(!onPostgres)('upgrading a PostgreSQL database', () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const names: string[] = [];
  const urlOf = (name: string) => {
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  const newDatabase = async () => {
    const name = `octo_upgrade_${randomBytes(5).toString('hex')}`;
    if (!names.length) await admin.connect();
    await admin.query(`create database ${name}`);
    names.push(name);
    return name;
  };
  afterAll(async () => {
    for (const n of names) await admin.query(`drop database if exists ${n} with (force)`);
    if (names.length) await admin.end();
  });
  const indexDefs = async (c: pg.ClientBase) =>
    (await c.query<{ indexname: string; indexdef: string }>(`select indexname, indexdef from pg_indexes where schemaname = 'public' order by 1`)).rows;

  it('should build the new indexes beforehand, concurrently, and let the migration keep them', async () => {
    // A database at the release before 0002 (the first two migrations), with rows in the tables.
    const oldFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-migrations-'));
    fs.mkdirSync(path.join(oldFolder, 'meta'));
    const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
    const old = journal.entries.slice(0, 2);
    for (const e of old) fs.copyFileSync(path.join(migrationsFolder, `${e.tag}.sql`), path.join(oldFolder, `${e.tag}.sql`));
    fs.writeFileSync(path.join(oldFolder, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: old }));
    const name = await newDatabase();
    const pool = new pg.Pool({ connectionString: urlOf(name), max: 2 });
    try {
      await migratePostgres(drizzle(pool), oldFolder);
      await pool.query(`insert into campaigns (id, name, department, status, draft_graph) values ('00000000-0000-4000-8000-000000000001', 'old', 'market', 'live', '{}')`);
      await pool.query(`insert into flow_versions (id, campaign_id, version_no, graph, machine, triggers, hash, compiler_version, status)
        values ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000001', 1, '{}', '{}', '[]', 'h', 'old', 'approved')`);
      await pool.query(`insert into customers (id, msisdn, name, tags) values ('C1', '13800000001', 'a', '{}')`);
      await pool.query(`insert into journeys (id, customer_id, campaign_id, flow_version_id, version_hash, status, snapshot, started_at, updated_at)
        values ('00000000-0000-4000-8000-000000000002', 'C1', '00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000003', 'h', 'done', '{}', now(), now())`);
      await pool.query(`insert into steps (journey_id, customer_id, campaign_id, version_hash, node_id, node_kind, outcome, detail, at)
        select '00000000-0000-4000-8000-000000000002', 'C1', '00000000-0000-4000-8000-000000000001', 'h', 'n', 'sms', (array['sent', 'converted', 'suppressed'])[1 + i % 3], '{}', now()
        from generate_series(1, 3000) i`);

      const client = await pool.connect();
      try {
        const log: string[] = [];
        const done = await prepareIndexes(client, migrationsFolder, (line) => log.push(line));
        // Every index the migrations after 0001 add to tables that already exist (0007, 0008: events; 0009: outbox;
        // 0010: failed events and dead outbox rows, for the operations screen; 0012: the outbox's and
        // the timers' due rows in their claims' order; 0016: the outbox's rows held while their
        // campaign is paused; 0017: open frontline work by campaign, withdrawn when it ends; 0019:
        // the customer search's trigram indexes, once pg_trgm, which 0019 also creates, is there).
        const built = done.filter((d) => d.action === 'built').map((d) => d.name);
        expect(built).toEqual([
          'frontline_tasks_created_idx',
          'frontline_tasks_shop_idx',
          'frontline_tasks_team_idx',
          'steps_sparse_outcome_idx',
          'events_received_idx',
          'events_complaint_idx',
          'events_pending_customer_idx',
          'outbox_leased_idx',
          'events_failed_idx',
          'outbox_dead_idx',
          'outbox_pending_due_idx',
          'timers_pending_due_idx',
          'outbox_held_idx',
          'frontline_tasks_open_campaign_idx',
          'customers_id_trgm_idx',
          'customers_msisdn_trgm_idx',
          'customers_name_trgm_idx',
        ]);
        expect(log.indexOf('extension pg_trgm: created')).toBeGreaterThan(-1);
        expect(log.indexOf('extension pg_trgm: created')).toBeLessThan(log.indexOf('customers_id_trgm_idx on customers: building…'));
        expect(done.every((d) => d.action !== 'built' || /^CREATE INDEX CONCURRENTLY IF NOT EXISTS "/.test(d.statement!))).toBe(true);
        // An index on a column a pending migration adds (0011 on 0010's dead_letters.discarded_at) is left to the migration.
        expect(done.filter((d) => d.action === 'skipped').map((d) => d.name)).toEqual(['dead_letters_open_type_idx']);
        // Run again (say, after a failure elsewhere): what is there and valid is kept.
        const rerun = await prepareIndexes(client, migrationsFolder);
        expect(rerun.filter((d) => d.action !== 'skipped').map((d) => d.action)).toEqual(built.map(() => 'kept'));
        // An interrupted concurrent build leaves an invalid index under the name: it is rebuilt.
        await client.query(`update pg_index set indisvalid = false where indexrelid = 'steps_sparse_outcome_idx'::regclass`);
        const again = await prepareIndexes(client, migrationsFolder);
        expect(again.find((d) => d.name === 'steps_sparse_outcome_idx')?.action).toBe('rebuilt');
        expect((await client.query(`select indisvalid from pg_index where indexrelid = 'steps_sparse_outcome_idx'::regclass`)).rows).toEqual([{ indisvalid: true }]);
      } finally {
        client.release();
      }
    } finally {
      await pool.end();
      fs.rmSync(oldFolder, { recursive: true, force: true });
    }

    // The release starts: its migration runs over the prepared indexes, and the database ends up
    // as a new one is built, with every migration in the ledger.
    const upgraded = await openPostgres(urlOf(name));
    await upgraded.close();
    const fresh = await openPostgres(urlOf(await newDatabase()));
    await fresh.close();
    const a = new pg.Client({ connectionString: urlOf(name) });
    const b = new pg.Client({ connectionString: urlOf(names[1]!) });
    await a.connect();
    await b.connect();
    try {
      expect(await indexDefs(a)).toEqual(await indexDefs(b));
      const ledger = `select hash, created_at from drizzle.__drizzle_migrations order by created_at`;
      expect((await a.query(ledger)).rows).toEqual((await b.query(ledger)).rows);
      expect((await a.query(`select count(*)::int as n from steps`)).rows).toEqual([{ n: 3000 }]);
      // A new database needs no preparation.
      expect(await prepareIndexes(b, migrationsFolder)).toEqual([]);
    } finally {
      await a.end();
      await b.end();
    }
  });
});
