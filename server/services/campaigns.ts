// Campaign planning and launch: drafts with optimistic concurrency, immutable flow versions,
// sign-offs bound to a version's hash, and the move to live. Routers call these; tests too.
import { and, desc, eq, max } from 'drizzle-orm';
import { compileFlow, validateFlow, type FlowGraph } from '../../workflows';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { approvals, campaignEvents, campaigns, flowVersions } from '../db/schema';
import type { Runtime } from '../runtime/runtime';
import { ServiceError } from './errors';

export type CampaignRow = typeof campaigns.$inferSelect;
export type FlowVersionRow = typeof flowVersions.$inferSelect;

export const emptyGraph = (): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [],
  edges: [],
});

export async function listCampaigns(db: Executor) {
  return db
    .select({
      id: campaigns.id,
      name: campaigns.name,
      department: campaigns.department,
      status: campaigns.status,
      priority: campaigns.priority,
      updatedAt: campaigns.updatedAt,
    })
    .from(campaigns)
    .orderBy(desc(campaigns.updatedAt));
}

export async function getCampaign(db: Executor, id: string): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw new ServiceError('NOT_FOUND', `campaign ${id} not found`);
  return row;
}

export async function createCampaign(
  db: Executor,
  actor: Actor,
  input: { name: string; description?: string; priority?: number; graph?: FlowGraph },
): Promise<CampaignRow> {
  const [row] = await db
    .insert(campaigns)
    .values({
      name: input.name,
      description: input.description ?? '',
      department: actor.department,
      priority: input.priority ?? 50,
      draftGraph: input.graph ?? emptyGraph(),
      createdBy: actor.id,
    })
    .returning();
  await db.insert(campaignEvents).values({ campaignId: row.id, toStatus: 'draft', actorId: actor.id });
  return row;
}

/** Saves the working copy. `revision` is the one the editor loaded: a stale save is a conflict. */
export async function saveDraft(
  db: Executor,
  actor: Actor,
  input: { id: string; graph: FlowGraph; revision: number },
): Promise<{ revision: number }> {
  const campaign = await getCampaign(db, input.id);
  assertOwnDepartment(actor, campaign);
  const [row] = await db
    .update(campaigns)
    .set({ draftGraph: input.graph, draftRevision: input.revision + 1, updatedAt: new Date() })
    .where(and(eq(campaigns.id, input.id), eq(campaigns.draftRevision, input.revision)))
    .returning({ revision: campaigns.draftRevision });
  if (!row) {
    throw new ServiceError(
      'CONFLICT',
      `campaign "${campaign.name}" was saved by someone else (revision ${campaign.draftRevision}, yours ${input.revision}); reload to see their changes`,
    );
  }
  return row;
}

/** Freezes the draft into an immutable, compiled version and asks for sign-off. */
export async function submitCampaign(
  db: Executor,
  rt: Pick<Runtime, 'catalog'>,
  actor: Actor,
  id: string,
): Promise<FlowVersionRow> {
  const campaign = await getCampaign(db, id);
  assertOwnDepartment(actor, campaign);
  const result = validateFlow(campaign.draftGraph, rt.catalog);
  if (!result.ok || !result.graph) {
    throw new ServiceError('BAD_REQUEST', 'the flow has problems that must be fixed before approval', result.issues);
  }
  const compiled = compileFlow(result.graph);
  const [{ n }] = await db
    .select({ n: max(flowVersions.versionNo) })
    .from(flowVersions)
    .where(eq(flowVersions.campaignId, id));
  await db
    .update(flowVersions)
    .set({ status: 'superseded' })
    .where(and(eq(flowVersions.campaignId, id), eq(flowVersions.status, 'submitted')));
  const [version] = await db
    .insert(flowVersions)
    .values({
      campaignId: id,
      versionNo: (n ?? 0) + 1,
      graph: result.graph,
      machine: compiled.machine,
      triggers: compiled.triggers,
      entries: compiled.entries,
      hash: compiled.hash,
      compilerVersion: compiled.compilerVersion,
      status: 'submitted',
      createdBy: actor.id,
    })
    .returning();
  const keepsRunning = campaign.status === 'live' || campaign.status === 'paused';
  await moveCampaign(db, campaign, keepsRunning ? campaign.status : 'submitted', actor, version.hash, 'submitted for approval');
  return version;
}

export async function decideVersion(
  db: Executor,
  actor: Actor,
  input: { versionId: string; decision: 'approved' | 'rejected'; comment?: string; expectedHash?: string },
) {
  const [version] = await db.select().from(flowVersions).where(eq(flowVersions.id, input.versionId));
  if (!version) throw new ServiceError('NOT_FOUND', `flow version ${input.versionId} not found`);
  if (version.status !== 'submitted') {
    throw new ServiceError('PRECONDITION_FAILED', `version ${version.versionNo} is ${version.status}, not waiting for approval`);
  }
  if (input.expectedHash && input.expectedHash !== version.hash) {
    throw new ServiceError('CONFLICT', 'the version changed since you opened it; review the new version');
  }
  if (version.createdBy === actor.id) {
    throw new ServiceError('FORBIDDEN', 'separation of duties: the author of a version cannot sign it off');
  }
  await db.insert(approvals).values({
    flowVersionId: version.id,
    versionHash: version.hash,
    approverId: actor.id,
    department: actor.department,
    decision: input.decision,
    comment: input.comment ?? '',
  });
  await db.update(flowVersions).set({ status: input.decision }).where(eq(flowVersions.id, version.id));
  const campaign = await getCampaign(db, version.campaignId);
  if (campaign.status === 'submitted') {
    const to = input.decision === 'approved' ? 'approved' : 'draft';
    await moveCampaign(db, campaign, to, actor, version.hash, input.comment ?? input.decision);
  }
  return { status: input.decision };
}

/** Puts the newest approved version live. The runtime re-checks the sign-off on the hash. */
export async function launchCampaign(db: Executor, rt: Pick<Runtime, 'flows' | 'clock'>, actor: Actor, id: string) {
  const campaign = await getCampaign(db, id);
  const [version] = await db
    .select()
    .from(flowVersions)
    .where(and(eq(flowVersions.campaignId, id), eq(flowVersions.status, 'approved')))
    .orderBy(desc(flowVersions.versionNo))
    .limit(1);
  if (!version) throw new ServiceError('PRECONDITION_FAILED', `campaign "${campaign.name}" has no approved version to run`);
  await db.update(campaigns).set({ liveVersionId: version.id, liveSince: rt.clock.now(), updatedAt: new Date() }).where(eq(campaigns.id, id));
  await moveCampaign(db, campaign, 'live', actor, version.hash, `version ${version.versionNo} live`);
  rt.flows.invalidate();
  return { versionId: version.id, hash: version.hash };
}

export async function pauseCampaign(db: Executor, rt: Pick<Runtime, 'flows'>, actor: Actor, id: string) {
  const campaign = await getCampaign(db, id);
  if (campaign.status !== 'live') throw new ServiceError('PRECONDITION_FAILED', `campaign "${campaign.name}" is not live`);
  await moveCampaign(db, campaign, 'paused', actor, null, 'paused');
  rt.flows.invalidate();
}

export async function listVersions(db: Executor, campaignId: string) {
  return db
    .select({
      id: flowVersions.id,
      versionNo: flowVersions.versionNo,
      hash: flowVersions.hash,
      status: flowVersions.status,
      createdBy: flowVersions.createdBy,
      createdAt: flowVersions.createdAt,
    })
    .from(flowVersions)
    .where(eq(flowVersions.campaignId, campaignId))
    .orderBy(desc(flowVersions.versionNo));
}

export async function pendingApprovals(db: Executor) {
  return db
    .select({
      versionId: flowVersions.id,
      versionNo: flowVersions.versionNo,
      hash: flowVersions.hash,
      createdAt: flowVersions.createdAt,
      campaignId: campaigns.id,
      campaignName: campaigns.name,
      department: campaigns.department,
    })
    .from(flowVersions)
    .innerJoin(campaigns, eq(campaigns.id, flowVersions.campaignId))
    .where(eq(flowVersions.status, 'submitted'))
    .orderBy(flowVersions.createdAt);
}

async function moveCampaign(
  db: Executor,
  campaign: CampaignRow,
  to: string,
  actor: Actor,
  versionHash: string | null,
  note: string,
) {
  await db.update(campaigns).set({ status: to, updatedAt: new Date() }).where(eq(campaigns.id, campaign.id));
  await db.insert(campaignEvents).values({
    campaignId: campaign.id,
    fromStatus: campaign.status,
    toStatus: to,
    actorId: actor.id,
    versionHash,
    note,
  });
}

function assertOwnDepartment(actor: Actor, campaign: CampaignRow) {
  if (actor.role !== 'admin' && actor.department !== campaign.department) {
    throw new ServiceError('FORBIDDEN', `campaign "${campaign.name}" belongs to the ${campaign.department} department`);
  }
}
