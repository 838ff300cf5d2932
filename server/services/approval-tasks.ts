// Per-customer approvals inside a journey (issue 6): an approval node opens a task for one
// customer (server/runtime/journey.ts); it waits in the inbox of its department's approvers with
// the customer, the offer, the campaign and its due time, beside the launch sign-offs. A decision
// continues that customer's journey on the approved or rejected branch in the same transaction;
// when nobody decides in time the node's timer takes the timeout branch (server/runtime/timer-poller.ts).
import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm';
import { type Catalog, departmentName, renderTemplate, t } from '../../workflows';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { approvalTasks, campaigns, customers, flowVersions, journeys, offers, products } from '../db/schema';
import { loadContactPolicy } from '../runtime/contact-policy';
import { advanceJourney } from '../runtime/journey';
import { lockCustomer } from '../runtime/locks';
import type { Runtime } from '../runtime/runtime';
import { appendAudit } from './audit';
import { holdsRole, roleRefusal, titlesOf } from './approver-roles';
import { fieldRefusal, ServiceError } from './errors';
import { notifyAdministrators, notifyDepartment } from './notifications';

/** The level an unanswered task is escalated to: the head office (as for launch sign-offs). */
export const ESCALATION_DEPARTMENT = 'head_office';
/** A task with no decision half-way from its opening to its due time is escalated. */
export const ESCALATE_AT = 0.5;
const INBOX_LIMIT = 200;

type TaskRow = typeof approvalTasks.$inferSelect;

/** Who may decide a task: its department's approvers, the head office once escalated, admins. */
function mayDecide(actor: Actor, task: Pick<TaskRow, 'department' | 'escalatedAt'>): boolean {
  if (actor.role === 'admin') return true;
  if (actor.role !== 'approver') return false;
  return actor.department === task.department || byEscalation(actor, task);
}

/** The head office deciding a task escalated to it: the level above, not bound to the node's role. */
function byEscalation(actor: Actor, task: Pick<TaskRow, 'department' | 'escalatedAt'>): boolean {
  return task.escalatedAt !== null && actor.department === ESCALATION_DEPARTMENT && task.department !== ESCALATION_DEPARTMENT;
}

interface GraphLike {
  nodes: { id: string; params?: Record<string, unknown> }[];
  edges: { source: string; sourcePort?: string; target: string }[];
}

/** The first offer the customer would be made after an approval: what the approver grants. */
function offerAfterApproval(graph: GraphLike, nodeId: string): string | null {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>([nodeId]);
  let frontier = graph.edges.filter((e) => e.source === nodeId && e.sourcePort === 'approved').map((e) => e.target);
  while (frontier.length) {
    const next: string[] = [];
    for (const id of frontier) {
      if (seen.has(id)) continue;
      seen.add(id);
      const offerId = byId.get(id)?.params?.offerId;
      if (typeof offerId === 'string') return offerId;
      next.push(...graph.edges.filter((e) => e.source === id).map((e) => e.target));
    }
    frontier = next;
  }
  return null;
}

/** Offers by id with a name and a value: the administered offer's price, else its product's. */
async function offerDetails(db: Executor, ids: string[], catalog: Pick<Catalog, 'offers'>) {
  const out = new Map<string, { id: string; nameZh: string; nameEn: string; priceCny: number | null }>();
  if (ids.length === 0) return out;
  const rows = new Map((await db.select().from(offers).where(inArray(offers.id, ids))).map((o) => [o.id, o]));
  const productIds = ids.map((id) => rows.get(id)?.productId ?? catalog.offers.find((o) => o.id === id)?.productId).filter((p): p is string => !!p);
  const prices = new Map(
    productIds.length ? (await db.select({ id: products.id, price: products.priceCny }).from(products).where(inArray(products.id, productIds))).map((p) => [p.id, p.price]) : [],
  );
  for (const id of ids) {
    const row = rows.get(id);
    const known = catalog.offers.find((o) => o.id === id);
    const productId = row?.productId ?? known?.productId;
    out.set(id, {
      id,
      nameZh: row?.nameZh ?? known?.label.zh ?? id,
      nameEn: row?.nameEn ?? known?.label.en ?? id,
      priceCny: row?.priceCny ?? (productId ? (prices.get(productId) ?? null) : null),
    });
  }
  return out;
}

/**
 * The open tasks this person may decide, soonest due first: the customer, what is asked (the
 * node's note filled in with the customer and the triggering event when the task opened, frozen
 * on the task), the role it needs (and `missingRole` when this person does not hold it: the task
 * stays listed so they see it waits for a colleague), the offer the approved
 * branch makes and its value, the campaign and the due time.
 */
export async function inboxTasks(db: Executor, actor: Actor, catalog: Catalog) {
  if (actor.role !== 'approver' && actor.role !== 'admin') return [];
  const visible =
    actor.role === 'admin'
      ? undefined
      : or(
          eq(approvalTasks.department, actor.department),
          actor.department === ESCALATION_DEPARTMENT ? sql`${approvalTasks.escalatedAt} is not null` : undefined,
        );
  const rows = await db
    .select({
      task: approvalTasks,
      campaignName: campaigns.name,
      customerName: customers.name,
      customerTags: customers.tags,
      snapshot: journeys.snapshot,
      flowVersionId: journeys.flowVersionId,
      versionNo: flowVersions.versionNo,
      versionAuthor: flowVersions.createdBy,
    })
    .from(approvalTasks)
    .innerJoin(journeys, eq(journeys.id, approvalTasks.journeyId))
    .innerJoin(campaigns, eq(campaigns.id, approvalTasks.campaignId))
    .innerJoin(flowVersions, eq(flowVersions.id, journeys.flowVersionId))
    .leftJoin(customers, eq(customers.id, approvalTasks.customerId))
    .where(and(eq(approvalTasks.status, 'open'), visible))
    .orderBy(sql`${approvalTasks.dueAt} asc nulls last`, asc(approvalTasks.createdAt))
    .limit(INBOX_LIMIT);
  if (rows.length === 0) return [];
  const versionIds = [...new Set(rows.map((r) => r.flowVersionId))];
  const graphs = new Map(
    (await db.select({ id: flowVersions.id, graph: flowVersions.graph }).from(flowVersions).where(inArray(flowVersions.id, versionIds))).map((v) => [v.id, v.graph as GraphLike]),
  );
  const offerOf = new Map(rows.map((r) => [r.task.id, offerAfterApproval(graphs.get(r.flowVersionId) ?? { nodes: [], edges: [] }, r.task.nodeId)]));
  const offerRows = await offerDetails(db, [...new Set([...offerOf.values()].filter((o): o is string => o !== null))], catalog);
  const titles = await titlesOf(db, actor.id);
  return rows.map((r) => {
    const trigger = (r.snapshot as { context?: { trigger?: { type?: string; attributes?: Record<string, unknown> } } }).context?.trigger ?? {};
    const offerId = offerOf.get(r.task.id) ?? null;
    return {
      id: r.task.id,
      campaignId: r.task.campaignId,
      campaignName: r.campaignName,
      versionNo: r.versionNo,
      customerId: r.task.customerId,
      customerName: r.customerName,
      department: r.task.department,
      role: r.task.role,
      nodeId: r.task.nodeId,
      // As asked when the task opened; tasks opened before it was stored are filled in now.
      request: r.task.request ?? renderTemplate(r.task.note, { customer: r.customerTags ?? {}, event: trigger.attributes ?? {} }, { catalog, eventType: trigger.type }).text,
      offer: offerId ? (offerRows.get(offerId) ?? null) : null,
      dueAt: r.task.dueAt,
      createdAt: r.task.createdAt,
      escalated: r.task.escalatedAt !== null,
      authoredByMe: r.versionAuthor === actor.id,
      // The role this person lacks to decide it (decideTask refuses them): shown, buttons off.
      missingRole: !byEscalation(actor, r.task) && !holdsRole(actor, titles, r.task.role) ? r.task.role!.trim() : null,
    };
  });
}

export type InboxTask = Awaited<ReturnType<typeof inboxTasks>>[number];

/**
 * An approver's decision on one customer's task. The task and the customer are locked, the
 * journey must still wait at this node (same revision), and the journey advances on the decided
 * branch in the same transaction as the task's update and its audit entry.
 */
export async function decideTask(
  rt: Runtime,
  actor: Actor,
  input: { taskId: string; decision: 'approved' | 'rejected'; comment?: string },
): Promise<{ status: 'approved' | 'rejected' }> {
  const comment = input.comment?.trim() ?? '';
  if (input.decision === 'rejected' && !comment) {
    throw fieldRefusal('comment', '意见', t('say why you reject it, so the campaign team knows', '请说明驳回原因，以便活动团队了解'));
  }
  const outcome = await rt.db.transaction(async (tx) => {
    const [task] = await tx.select().from(approvalTasks).where(eq(approvalTasks.id, input.taskId)).for('update');
    if (!task) throw new ServiceError('NOT_FOUND', t(`approval task ${input.taskId} not found`, `找不到审批任务 ${input.taskId}`));
    if (task.status !== 'open') throw new ServiceError('PRECONDITION_FAILED', t(`this approval is already ${task.status.replace('_', ' ')}`, `此审批已处理（${task.status}）`));
    if (!mayDecide(actor, task)) throw new ServiceError('FORBIDDEN', t(`this approval belongs to the ${task.department} department`, `此审批属于${departmentName(task.department).zh}`));
    if (!byEscalation(actor, task) && !holdsRole(actor, await titlesOf(tx, actor.id), task.role)) throw roleRefusal(task.role!, task.department);
    const customer = await lockCustomer(tx, task.customerId);
    const [journey] = await tx.select().from(journeys).where(eq(journeys.id, task.journeyId));
    // Separation of duties: whoever wrote the flow version does not approve what it offers.
    const [version] = journey ? await tx.select({ createdBy: flowVersions.createdBy }).from(flowVersions).where(eq(flowVersions.id, journey.flowVersionId)) : [];
    if (version?.createdBy === actor.id) {
      throw new ServiceError('FORBIDDEN', t('separation of duties: the author of the flow version cannot approve its customers’ requests', '职责分离：流程版本的作者不能审批该版本客户的申请'));
    }
    // The customer has moved on (or the journey ended): the task no longer applies.
    if (!customer || !journey || journey.status !== 'active' || journey.revision !== task.journeyRevision) return 'stale' as const;
    const scope = { policy: await loadContactPolicy(tx), contactedBy: null };
    await advanceJourney(tx, rt, scope, journey, customer, { type: 'octo.approval', nodeId: task.nodeId, decision: input.decision, by: actor.id });
    const now = rt.clock.now();
    await tx
      .update(approvalTasks)
      .set({ status: input.decision, decidedBy: actor.id, comment: comment || null, decidedAt: now })
      .where(eq(approvalTasks.id, task.id));
    await appendAudit(
      tx,
      {
        actor,
        action: 'approval_task.decide',
        entityType: 'approval_task',
        entityId: task.id,
        versionHash: journey.versionHash,
        detail: { campaignId: journey.campaignId, customerId: task.customerId, nodeId: task.nodeId, department: task.department, decision: input.decision, comment, escalated: task.escalatedAt !== null },
      },
      now,
    );
    return input.decision;
  });
  if (outcome === 'stale') {
    await rt.db
      .update(approvalTasks)
      .set({ status: 'cancelled', decidedAt: rt.clock.now() })
      .where(and(eq(approvalTasks.id, input.taskId), eq(approvalTasks.status, 'open')));
    throw new ServiceError('CONFLICT', t('the customer has moved on in the journey; this approval no longer applies', '客户已在旅程中继续前进，此审批不再适用'));
  }
  return { status: outcome };
}

/** Open tasks not yet announced, grouped by department and campaign, locked for this pass. */
async function unannounced(db: Executor) {
  return db
    .select({ id: approvalTasks.id, department: approvalTasks.department, campaignId: approvalTasks.campaignId, dueAt: approvalTasks.dueAt })
    .from(approvalTasks)
    .where(and(eq(approvalTasks.status, 'open'), isNull(approvalTasks.notifiedAt)))
    .orderBy(asc(approvalTasks.createdAt))
    .limit(5000)
    .for('update', { skipLocked: true });
}

function groupBy<T>(rows: T[], key: (r: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) out.set(key(r), [...(out.get(key(r)) ?? []), r]);
  return out;
}

async function campaignNames(db: Executor, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  return new Map((await db.select({ id: campaigns.id, name: campaigns.name }).from(campaigns).where(inArray(campaigns.id, ids))).map((c) => [c.id, c.name]));
}

/**
 * Tells each department's approvers that customers' approvals wait for them: one notice per
 * department and campaign per worker pass (not one per customer, which could be thousands).
 * Returns the number of notices.
 */
export async function announceOpenTasks(db: Executor, now: Date): Promise<number> {
  const rows = await unannounced(db);
  if (rows.length === 0) return 0;
  const names = await campaignNames(db, [...new Set(rows.map((r) => r.campaignId))]);
  let n = 0;
  for (const group of groupBy(rows, (r) => `${r.department}|${r.campaignId}`).values()) {
    const { department, campaignId } = group[0];
    const due = group.map((r) => r.dueAt?.getTime() ?? Infinity);
    await notifyDepartment(db, department, {
      kind: 'approval_tasks_open',
      campaignId,
      detail: { campaignName: names.get(campaignId) ?? '', department, count: group.length, firstDueAt: Number.isFinite(Math.min(...due)) ? new Date(Math.min(...due)).toISOString() : null },
    });
    n++;
  }
  await db.update(approvalTasks).set({ notifiedAt: now }).where(inArray(approvalTasks.id, rows.map((r) => r.id)));
  return n;
}

/**
 * Overdue per-customer approvals escalate to the next level. A task's due time is when its
 * timeout branch runs, so it cannot wait to be "overdue": half-way to its due time without a
 * decision, it is escalated once to the head office, whose approvers may then decide it too.
 * A head-office task goes to the level above it, the administrators (who may decide any task), as
 * an overdue head-office launch sign-off does. Returns the number of notices.
 */
export async function escalateOverdueTasks(db: Executor, now: Date): Promise<number> {
  const rows = await db
    .select({ id: approvalTasks.id, department: approvalTasks.department, campaignId: approvalTasks.campaignId, customerId: approvalTasks.customerId, dueAt: approvalTasks.dueAt, createdAt: approvalTasks.createdAt })
    .from(approvalTasks)
    .where(
      and(
        eq(approvalTasks.status, 'open'),
        isNull(approvalTasks.escalatedAt),
        sql`${approvalTasks.createdAt} + (${approvalTasks.dueAt} - ${approvalTasks.createdAt}) * ${ESCALATE_AT}::float8 <= ${now.toISOString()}::timestamptz`,
      ),
    )
    .limit(5000)
    .for('update', { skipLocked: true });
  if (rows.length === 0) return 0;
  const names = await campaignNames(db, [...new Set(rows.map((r) => r.campaignId))]);
  let n = 0;
  for (const group of groupBy(rows, (r) => `${r.department}|${r.campaignId}`).values()) {
    const { department, campaignId } = group[0];
    const firstDue = Math.min(...group.map((r) => r.dueAt!.getTime()));
    // The next level: the head office, or above a head-office task the administrators.
    const to = department === ESCALATION_DEPARTMENT ? 'admin' : ESCALATION_DEPARTMENT;
    const notice = {
      kind: 'approval_task_escalation',
      campaignId,
      detail: { campaignName: names.get(campaignId) ?? '', department, count: group.length, firstDueAt: new Date(firstDue).toISOString() },
    };
    if (to === 'admin') await notifyAdministrators(db, notice);
    else await notifyDepartment(db, ESCALATION_DEPARTMENT, notice);
    await appendAudit(
      db,
      { actor: null, action: 'approval_task.escalate', entityType: 'campaign', entityId: campaignId, detail: { department, to, tasks: group.map((r) => r.id), customers: group.map((r) => r.customerId) } },
      now,
    );
    n++;
  }
  await db.update(approvalTasks).set({ escalatedAt: now }).where(inArray(approvalTasks.id, rows.map((r) => r.id)));
  return n;
}
