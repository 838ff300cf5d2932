// The audit log: every change to a campaign, its flow, its sign-offs and its lifecycle is
// recorded with who and when, in a hash chain that shows an edited row and names it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from '@/server/db/schema';
import { handleAuditExport } from '@/server/http/closed-loop-exports';
import { appendAudit, exportAuditCsv, verifyAuditChain } from '@/server/services/audit';
import { runImport } from '@/server/services/customer-import';
import type { FlowGraph } from '@/workflows';
import { callerAs } from './support/actors';
import { createTestApp, type TestApp } from './support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await createTestApp();
});
afterAll(async () => app?.close());

const flow: FlowGraph = {
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [
    { id: 't', kind: 'trigger', position: { x: 0, y: 0 }, params: { eventType: 'balance_low', condition: '' } },
    { id: 's', kind: 'sms', position: { x: 0, y: 100 }, params: { template: '余额不足提醒' } },
    { id: 'e', kind: 'end', position: { x: 0, y: 200 }, params: {} },
  ],
  edges: [
    { id: 'e1', source: 't', sourcePort: 'out', target: 's' },
    { id: 'e2', source: 's', sourcePort: 'out', target: 'e' },
  ],
};

describe('recording', () => {
  it('should record who created, saved, submitted, approved and launched a campaign', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const approver = await callerAs(app, 'approver@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Audited campaign' });
    await designer.campaigns.saveDraft({ id: c.id, graph: flow, revision: 0 });
    const v = await designer.campaigns.submit({ id: c.id });
    await approver.campaigns.decide({ versionId: v.id, decision: 'approved', expectedHash: v.hash, comment: '已核对' });
    await approver.campaigns.launch({ id: c.id });

    const admin = await callerAs(app, 'admin@octoflow.demo');
    const forCampaign = await admin.audit.search({ entityId: c.id });
    const forVersion = await admin.audit.search({ entityId: v.id });
    const actions = [...forCampaign, ...forVersion].sort((a, b) => a.seq - b.seq).map((r) => `${r.actorEmail} ${r.action}`);
    expect(actions).toEqual([
      'designer@octoflow.demo campaign.create',
      'designer@octoflow.demo flow.save_draft',
      'designer@octoflow.demo flow.submit',
      'designer@octoflow.demo campaign.move',
      'approver@octoflow.demo approval.decide',
      'approver@octoflow.demo campaign.move',
      'approver@octoflow.demo campaign.move',
    ]);
    const decision = forVersion.find((r) => r.action === 'approval.decide')!;
    expect(decision.versionHash).toBe(v.hash);
    expect(decision.detail).toMatchObject({ decision: 'approved', comment: '已核对' });
    const moves = forCampaign.filter((r) => r.action === 'campaign.move').map((r) => r.detail.to);
    expect(moves.sort()).toEqual(['approved', 'live', 'submitted']);
  });

  it('should not record a change that was refused', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    const c = await designer.campaigns.create({ name: 'Conflicting saves' });
    await designer.campaigns.saveDraft({ id: c.id, graph: flow, revision: 0 });
    await expect(designer.campaigns.saveDraft({ id: c.id, graph: flow, revision: 0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const saves = (await admin.audit.search({ entityId: c.id })).filter((r) => r.action === 'flow.save_draft');
    expect(saves).toHaveLength(1);
  });

  it('should record a product price change with who made it', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.products.save({ id: 'data_pack_5gb', nameZh: '5GB流量加油包', nameEn: '5 GB data top-up', priceCny: 12 });
    const [row] = await admin.audit.search({ entityType: 'product', entityId: 'data_pack_5gb' });
    expect(row).toMatchObject({ actorEmail: 'admin@octoflow.demo', action: 'product.save', detail: { priceCny: 12 } });
  });

  it('should record a sign-in', async () => {
    const res = await app.auth.api.signInEmail({ body: { email: 'executive@octoflow.demo', password: 'octoflow-demo' } });
    expect(res.user.email).toBe('executive@octoflow.demo');
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const rows = await admin.audit.search({ actor: 'executive@', action: 'auth.sign_in' });
    expect(rows).toHaveLength(1);
    expect(rows[0].entityId).toBe(res.user.id);
  });

  it('should let only administrators read the log', async () => {
    for (const email of ['designer@octoflow.demo', 'approver@octoflow.demo', 'executive@octoflow.demo']) {
      const caller = await callerAs(app, email);
      await expect(caller.audit.search({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect((await callerAs(app, null)).audit.verify()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});

describe('recording administration', () => {
  const entries = async (filter: { entityType: string; entityId?: string }) =>
    (await (await callerAs(app, 'admin@octoflow.demo')).audit.search(filter)).sort((a, b) => a.seq - b.seq);

  it('should record creating and revoking an API key, never the key itself', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const { id, key } = await admin.apiKeys.create({ name: 'Partner CRM', scopes: ['events:write', 'customers:read'], ratePerSecond: 20, burst: 40 });
    await admin.apiKeys.revoke({ id });
    const rows = await entries({ entityType: 'api_key', entityId: id });
    expect(rows.map((r) => `${r.actorEmail} ${r.action}`)).toEqual(['admin@octoflow.demo api_key.create', 'admin@octoflow.demo api_key.revoke']);
    expect(rows[0].detail).toMatchObject({ name: 'Partner CRM', scopes: ['events:write', 'customers:read'], ratePerSecond: 20 });
    expect(JSON.stringify(rows)).not.toContain(key);
    // A refused revocation (already revoked) writes nothing.
    await expect(admin.apiKeys.revoke({ id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await entries({ entityType: 'api_key', entityId: id })).toHaveLength(2);
  });

  it('should record tag schema changes with what the tag was before', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    await admin.customerData.saveTag({ name: 'audit_tier', type: 'enum', values: ['a', 'b'], labelZh: '审计等级', labelEn: 'Audit tier' });
    await admin.customerData.saveTag({ name: 'audit_tier', type: 'enum', values: ['a', 'b', 'c'], labelZh: '审计等级', labelEn: 'Audit tier' });
    await admin.customerData.deleteTag({ name: 'audit_tier' });
    const rows = await entries({ entityType: 'tag_definition', entityId: 'audit_tier' });
    expect(rows.map((r) => r.action)).toEqual(['tag_schema.create', 'tag_schema.update', 'tag_schema.delete']);
    expect(rows[1].detail).toMatchObject({ values: ['a', 'b', 'c'], was: { type: 'enum', values: ['a', 'b'] } });
    expect(rows.every((r) => r.actorEmail === 'admin@octoflow.demo')).toBe(true);
  });

  it('should record a customer import when it starts and when it finishes, with its counts', async () => {
    const csv = ['customer_id,msisdn,name,arpu,plan,tenure_months,opted_out,region', 'A900001,13900000091,审计甲,88.5,unlimited_5g,12,false,hangzhou', 'A900002,13900000092,审计乙,not-a-number,basic_4g,3,false,ningbo'].join('\n');
    const report = await runImport(app.rt, [csv], { kind: 'customers', mode: 'partial', fileName: 'audit.csv', actor: 'admin@octoflow.demo' });
    const rows = await entries({ entityType: 'import', entityId: report.id });
    expect(rows.map((r) => r.action)).toEqual(['import.start', 'import.finish']);
    expect(rows[0].detail).toMatchObject({ kind: 'customers', mode: 'partial', fileName: 'audit.csv' });
    expect(rows[1]).toMatchObject({ actorEmail: 'admin@octoflow.demo', detail: { status: 'partial', lines: 3, inserted: 1, rejected: 1 } });
  });
});

describe('chain', () => {
  it('should verify an untouched chain', async () => {
    const admin = await callerAs(app, 'admin@octoflow.demo');
    const check = await admin.audit.verify();
    expect(check.ok).toBe(true);
    expect(check.entries).toBeGreaterThan(10);
  });

  it('should keep one unbroken chain when many changes append at once', async () => {
    const designer = await callerAs(app, 'designer@octoflow.demo');
    await Promise.all(Array.from({ length: 12 }, (_, i) => designer.campaigns.create({ name: `Concurrent ${i}` })));
    await Promise.all(
      Array.from({ length: 12 }, (_, i) => appendAudit(app.rt.db, { actor: null, action: 'test.concurrent', entityType: 'test', entityId: String(i) })),
    );
    const check = await verifyAuditChain(app.rt.db);
    expect(check).toMatchObject({ ok: true });
    const [{ links }] = await app.rt.db
      .select({ links: sql<number>`count(distinct ${auditLog.prevHash})::int` })
      .from(auditLog);
    const [{ n }] = await app.rt.db.select({ n: sql<number>`count(*)::int` }).from(auditLog);
    expect(links).toBe(n); // no two entries claim the same predecessor
  });

  let victim: typeof auditLog.$inferSelect;
  it('should find an entry edited in SQL and name it', async () => {
    [victim] = await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'approval.decide')).limit(1);
    await app.rt.db.execute(sql`update audit_log set detail = jsonb_set(detail, '{decision}', '"rejected"') where seq = ${victim.seq}`);
    const check = await verifyAuditChain(app.rt.db);
    expect(check).toMatchObject({ ok: false, seq: victim.seq, reason: 'hash_mismatch' });
    // Re-hashing the edited row does not hide it: the next entry no longer links to it.
    await app.rt.db.execute(sql`update audit_log set hash = ${'f'.repeat(64)} where seq = ${victim.seq}`);
    const again = await verifyAuditChain(app.rt.db);
    expect(again.ok).toBe(false);
    expect(again).toMatchObject({ seq: victim.seq });
    const admin = await callerAs(app, 'admin@octoflow.demo');
    expect(await admin.audit.verify()).toMatchObject({ ok: false, seq: victim.seq });
  });

  it('should find a deleted entry at the one after it', async () => {
    // Put the edited entry of the test above back as it was, so the deletion is the first break.
    await app.rt.db.update(auditLog).set({ detail: victim.detail, hash: victim.hash }).where(eq(auditLog.seq, victim.seq));
    expect(await verifyAuditChain(app.rt.db)).toMatchObject({ ok: true });
    const rows = await app.rt.db.select().from(auditLog).where(eq(auditLog.action, 'test.concurrent')).orderBy(auditLog.seq);
    await app.rt.db.delete(auditLog).where(eq(auditLog.seq, rows[3].seq));
    expect(await verifyAuditChain(app.rt.db)).toMatchObject({ ok: false, seq: rows[4].seq, reason: 'broken_link' });
  });
});

describe('export', () => {
  it('should export the matching entries as CSV with their hashes', async () => {
    const csv = await exportAuditCsv(app.rt.db, { action: 'auth.sign_in' });
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor_email,actor_id,action,entity_type,entity_id,version_hash,detail,prev_hash,hash');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('executive@octoflow.demo');
    expect(lines[1]).toMatch(/,[0-9a-f]{64}$/);
  });

  it('should download the CSV over HTTP only for administrators', async () => {
    const cookieOf = async (email: string) => {
      const res = await app.auth.api.signInEmail({ body: { email, password: 'octoflow-demo' }, asResponse: true });
      return res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    };
    const get = async (cookie?: string) =>
      handleAuditExport(app, new Request('http://localhost/api/audit/export?action=auth.sign_in', { headers: cookie ? { cookie } : {} }));
    expect((await get()).status).toBe(401);
    expect((await get(await cookieOf('designer@octoflow.demo'))).status).toBe(403);
    const res = await get(await cookieOf('admin@octoflow.demo'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('octoflow-audit.csv');
    const body = await res.text();
    expect(body).toContain('admin@octoflow.demo,');
    expect(body).toContain('designer@octoflow.demo,');
  });
});
