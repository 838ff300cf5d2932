// Campaign planning and launch: drafts with optimistic concurrency, immutable flow versions,
// sign-offs bound to a version's hash, and the move to live. Routers call these; tests too.
import { and, desc, eq, inArray, max } from 'drizzle-orm';
import { compileFlow, departmentName, FlowGraph, t, validateFlow } from '../../workflows';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { approvals, campaignEvents, campaigns, flowVersions, user } from '../db/schema';
import type { Runtime } from '../runtime/runtime';
import { appendAudit } from './audit';
import { holdsRole, roleRefusal, titlesOf } from './approver-roles';
import { ServiceError } from './errors';
import { storedNote, type TimelineNote } from './timeline-note';
import { DEFAULT_STEP_ID, signoffSteps, stepStates, versionSteps, type SignoffStep, type StepState } from './launch-signoffs';
import { notifySignoffsOpen, notifyVersionDecided } from './notifications';
import { lockEndpointsForLaunch } from './partner-endpoints';
import { settleHeldContacts } from '../runtime/held-contacts';

/** A version's (or a sign-off's) status in the words of the Chinese interface, for refusals. */
const VERSION_STATUS_ZH: Record<string, string> = { draft: '仍是草稿', submitted: '正在审批中', approved: '已批准', rejected: '已驳回', superseded: '已被新版本取代', lapsed: '已随活动结束失效' };
import { assertRefsUnchanged, currentRefs, refsChanges, type VersionRefs } from './version-refs';

export type CampaignRow = typeof campaigns.$inferSelect;
export type FlowVersionRow = typeof flowVersions.$inferSelect;

export const emptyGraph = (): FlowGraph => ({
  version: 1,
  settings: { reentry: 'every_time', concurrent: false },
  nodes: [],
  edges: [],
});

export async function getCampaign(db: Executor, id: string): Promise<CampaignRow> {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  if (!row) throw new ServiceError('NOT_FOUND', t(`campaign ${id} not found`, `找不到营销活动 ${id}`));
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
  await appendAudit(db, { actor, action: 'campaign.create', entityType: 'campaign', entityId: row.id, detail: { name: row.name, department: row.department } });
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
  assertNotEnded(campaign);
  const [row] = await db
    .update(campaigns)
    .set({ draftGraph: input.graph, draftRevision: input.revision + 1, updatedAt: new Date() })
    .where(and(eq(campaigns.id, input.id), eq(campaigns.draftRevision, input.revision)))
    .returning({ revision: campaigns.draftRevision });
  if (!row) {
    throw new ServiceError(
      'CONFLICT',
      t(
        `campaign "${campaign.name}" was saved by someone else (revision ${campaign.draftRevision}, yours ${input.revision}); reload to see their changes`,
        `营销活动“${campaign.name}”已被他人保存（版本 ${campaign.draftRevision}，您的是 ${input.revision}）；请刷新查看对方的修改`,
      ),
    );
  }
  await appendAudit(db, { actor, action: 'flow.save_draft', entityType: 'campaign', entityId: campaign.id, detail: { revision: row.revision } });
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
  const { graph, compiled, refs } = await draftToSign(db, rt, campaign);
  // The launch sign-offs drawn before the entry, as the compiler found them (covered by the hash).
  const steps = signoffSteps(compiled, campaign.department);
  const [{ n }] = await db
    .select({ n: max(flowVersions.versionNo) })
    .from(flowVersions)
    .where(eq(flowVersions.campaignId, id));
  // A version still waiting is replaced: its sign-offs stay bound to its own hash and lapse.
  await db
    .update(flowVersions)
    .set({ status: 'superseded' })
    .where(and(eq(flowVersions.campaignId, id), eq(flowVersions.status, 'submitted')));
  const [version] = await db
    .insert(flowVersions)
    .values({
      campaignId: id,
      versionNo: (n ?? 0) + 1,
      graph,
      machine: compiled.machine,
      triggers: compiled.triggers,
      entries: compiled.entries,
      hash: compiled.hash,
      compilerVersion: compiled.compilerVersion,
      signoffs: steps,
      refs,
      status: 'submitted',
      createdBy: actor.id,
    })
    .returning();
  await appendAudit(db, {
    actor,
    action: 'flow.submit',
    entityType: 'flow_version',
    entityId: version.id,
    versionHash: version.hash,
    detail: { campaignId: id, versionNo: version.versionNo, signoffs: steps },
  });
  const keepsRunning = ['live', 'paused', 'scheduled'].includes(campaign.status);
  await moveCampaign(db, campaign, keepsRunning ? campaign.status : 'submitted', actor, version.hash, { kind: 'submitted', versionNo: version.versionNo });
  await notifySignoffsOpen(db, { ...version, campaignName: campaign.name }, steps, stepStates(steps, [], version.hash));
  return version;
}

/**
 * The campaign's draft as a submission would freeze it: validated, compiled, with the offers' terms
 * and the allocation it would be signed with (version-refs.ts); or the refusal it would meet.
 */
async function draftToSign(db: Executor, rt: Pick<Runtime, 'catalog'>, campaign: CampaignRow) {
  assertNotEnded(campaign);
  const result = validateFlow(campaign.draftGraph, rt.catalog);
  if (!result.ok || !result.graph) {
    throw new ServiceError('BAD_REQUEST', t('the flow has problems that must be fixed before approval', '流程存在问题，需修正后才能提交审批'), result.issues);
  }
  const compiled = compileFlow(result.graph);
  const refs = await currentRefs(db, campaign, result.graph);
  await assertSomethingToSign(db, campaign, compiled.hash, refs);
  return { graph: result.graph, compiled, refs };
}

/** Whether submitting the saved draft now would ask the approvers for anything, and if not, why. */
export type SubmissionCheck = { submittable: true } | { submittable: false; reason: string | null; refusal: ServiceError };

/**
 * The designer's Submit button asks before it is pressed: the same checks as `submitCampaign`,
 * writing nothing. A draft identical to what is already waiting, running or approved is refused
 * with `nothing_to_sign`, which the toolbar shows instead of an enabled button.
 */
export async function submissionCheck(db: Executor, rt: Pick<Runtime, 'catalog'>, actor: Actor, id: string): Promise<SubmissionCheck> {
  const campaign = await getCampaign(db, id);
  assertOwnDepartment(actor, campaign);
  try {
    await draftToSign(db, rt, campaign);
    return { submittable: true };
  } catch (e) {
    if (!(e instanceof ServiceError)) throw e;
    const details = e.details as { reason?: unknown } | undefined;
    return { submittable: false, reason: typeof details?.reason === 'string' ? details.reason : null, refusal: e };
  }
}

/**
 * Refuses a submission that would ask the approvers to sign what they already signed or are
 * signing: the same flow (hash) with the same offers' terms and allocation as the version waiting
 * for approval (replacing it would only lapse its sign-offs), or as the approved version the
 * campaign runs, has paused, has scheduled or is waiting to launch. (An ended campaign's version
 * does not count: it cannot run again, and copying the campaign is how to run it again.)
 */
async function assertSomethingToSign(db: Executor, campaign: CampaignRow, hash: string, refs: VersionRefs) {
  const same = await db
    .select({ id: flowVersions.id, versionNo: flowVersions.versionNo, status: flowVersions.status, refs: flowVersions.refs })
    .from(flowVersions)
    .where(and(eq(flowVersions.campaignId, campaign.id), eq(flowVersions.hash, hash), inArray(flowVersions.status, ['submitted', 'approved'])));
  for (const v of same) {
    if (!v.refs || refsChanges(v.refs, refs).length > 0) continue;
    const inService = v.id === campaign.liveVersionId;
    const already =
      v.status === 'submitted'
        ? t('is already waiting for approval; its sign-offs stay as they are', '已在审批中，已有签署保持有效')
        : inService && campaign.status === 'live'
          ? t('is already running; change the flow or its plan before submitting', '正在运行；请先修改流程或策划再提交')
          : inService && campaign.status === 'paused'
            ? t('is the paused version; put the campaign live again instead', '是已暂停的运行版本；如需继续，请重新上线')
            : inService && campaign.status === 'scheduled'
              ? t("is already scheduled to go live at the window's start", '已排期，将在执行期开始时上线')
              : campaign.status === 'approved'
                ? t('is already approved; launch it instead', '已获批准，可直接上线')
                : null;
    if (already) {
      throw new ServiceError(
        'PRECONDITION_FAILED',
        t(`version ${v.versionNo}, the same flow with the same offers and allocation, ${already.en}`, `版本 ${v.versionNo} 与此流程、优惠和资源分配完全相同，${already.zh}`),
        { reason: 'nothing_to_sign', versionNo: v.versionNo },
      );
    }
  }
}

/**
 * One launch sign-off on one version. The decision binds to the hash the approver saw; a version
 * is approved when every required step is, rejected by any rejection. Separation of duties: its
 * author cannot sign it, and nobody signs two steps of the same version.
 */
export async function decideVersion(
  db: Executor,
  actor: Actor,
  input: { versionId: string; decision: 'approved' | 'rejected'; comment?: string; expectedHash?: string; stepId?: string },
) {
  // Locked: two approvers deciding at once see each other's sign-off.
  const [version] = await db.select().from(flowVersions).where(eq(flowVersions.id, input.versionId)).for('update');
  if (!version) throw new ServiceError('NOT_FOUND', t(`flow version ${input.versionId} not found`, `找不到流程版本 ${input.versionId}`));
  if (input.expectedHash && input.expectedHash !== version.hash) {
    throw new ServiceError('CONFLICT', t('the version changed since you opened it; review the new version', '您打开后该版本已有变化，请审阅新版本'));
  }
  if (version.status !== 'submitted') {
    throw new ServiceError('PRECONDITION_FAILED', t(`version ${version.versionNo} is ${version.status}, not waiting for approval`, `版本 ${version.versionNo} ${VERSION_STATUS_ZH[version.status] ?? version.status}，不在待审批状态`));
  }
  if (version.createdBy === actor.id) {
    throw new ServiceError('FORBIDDEN', t('separation of duties: the author of a version cannot sign it off', '职责分离：版本的作者不能审批自己的版本'));
  }
  const campaign = await getCampaign(db, version.campaignId);
  assertNotEnded(campaign);
  // An offer or the allocation changed since submission: signing would cover something else.
  if (input.decision === 'approved') await assertRefsUnchanged(db, version, campaign, 'sign');
  const steps = versionSteps(version.signoffs, campaign.department);
  const decisions = await db
    .select({ stepId: approvals.stepId, decision: approvals.decision, approverId: approvals.approverId, versionHash: approvals.versionHash })
    .from(approvals)
    .where(eq(approvals.flowVersionId, version.id));
  if (decisions.some((d) => d.approverId === actor.id)) {
    throw new ServiceError('FORBIDDEN', t('separation of duties: you have already signed this version off; another person must give the next sign-off', '职责分离：您已审批过此版本，下一步审批须由其他人完成'));
  }
  const states = stepStates(steps, decisions, version.hash);
  const titles = await titlesOf(db, actor.id);
  const step = pickStep(actor, steps, states, input.stepId, titles);
  if (!holdsRole(actor, titles, step.role)) throw roleRefusal(step.role!, step.department);
  await db.insert(approvals).values({
    flowVersionId: version.id,
    versionHash: version.hash,
    approverId: actor.id,
    department: actor.department,
    stepId: step.id,
    decision: input.decision,
    comment: input.comment ?? '',
  });
  const after = stepStates(steps, [...decisions, { stepId: step.id, decision: input.decision, approverId: actor.id, versionHash: version.hash }], version.hash);
  const done = input.decision === 'rejected' ? 'rejected' : [...after.values()].every((s) => s === 'approved') ? 'approved' : null;
  await appendAudit(db, {
    actor,
    action: 'approval.decide',
    entityType: 'flow_version',
    entityId: version.id,
    versionHash: version.hash,
    detail: { campaignId: campaign.id, stepId: step.id, department: step.department, decision: input.decision, comment: input.comment ?? '', versionStatus: done ?? 'submitted' },
  });
  if (done) await db.update(flowVersions).set({ status: done }).where(eq(flowVersions.id, version.id));
  if (['submitted', 'in_approval'].includes(campaign.status)) {
    const to = done === 'approved' ? 'approved' : done === 'rejected' ? 'draft' : 'in_approval';
    if (to !== campaign.status) {
      await moveCampaign(db, campaign, to, actor, version.hash, { kind: 'decided', department: step.department, decision: input.decision, comment: input.comment ?? '' });
    }
  }
  if (!done) await notifySignoffsOpen(db, { ...version, campaignName: campaign.name }, steps, after);
  // The author learns the outcome: why it was rejected, or that it may now be launched.
  else await notifyVersionDecided(db, version, campaign.name, { outcome: done, stepId: step.id, department: step.department, approver: actor.name, comment: input.comment ?? '' }, steps);
  return { status: done ?? 'submitted', stepId: step.id };
}

/**
 * Who may fill a step: its department's approvers (administrators stand in for any). The default
 * step of a version with no sign-off drawn is open to every approver, as before issue 6: the
 * demo history and existing campaigns rely on it (docs/closed-loop.md). A step whose node names a
 * role also needs that title, checked after the step is picked (approver-roles.ts).
 */
function canSign(actor: Actor, step: SignoffStep): boolean {
  return actor.role === 'admin' || step.id === DEFAULT_STEP_ID || step.department === actor.department;
}

/** The step this approver fills: the one named, or the one open for their department. */
function pickStep(actor: Actor, steps: SignoffStep[], states: Map<string, StepState>, stepId: string | undefined, titles: readonly string[]): SignoffStep {
  const mine = (s: SignoffStep) => canSign(actor, s);
  if (stepId) {
    const step = steps.find((s) => s.id === stepId);
    if (!step) throw new ServiceError('NOT_FOUND', t(`this version has no sign-off step "${stepId}"`, `此版本没有审批步骤“${stepId}”`));
    if (!mine(step)) throw new ServiceError('FORBIDDEN', t(`this sign-off belongs to the ${step.department} department`, `此审批属于${departmentName(step.department).zh}`));
    const state = states.get(step.id);
    if (state === 'blocked') throw new ServiceError('PRECONDITION_FAILED', t(`the ${step.department} sign-off opens once the sign-offs before it are approved`, `${departmentName(step.department).zh}的审批须待之前的审批通过后才能进行`));
    if (state !== 'open') throw new ServiceError('PRECONDITION_FAILED', t(`the ${step.department} sign-off is already ${state}`, `${departmentName(step.department).zh}的审批${VERSION_STATUS_ZH[state ?? ''] ?? state}`));
    return step;
  }
  // An open step for the department: one whose role (if it names one) this person holds comes first.
  const open = steps.filter((s) => mine(s) && states.get(s.id) === 'open');
  if (open.length) return open.find((s) => !s.role || titles.includes(s.role.trim())) ?? open[0];
  const waiting = steps.find((s) => mine(s) && states.get(s.id) === 'blocked');
  if (waiting) throw new ServiceError('PRECONDITION_FAILED', t(`the ${waiting.department} sign-off opens once the sign-offs before it are approved`, `${departmentName(waiting.department).zh}的审批须待之前的审批通过后才能进行`));
  const waitingFor = [...new Set(steps.filter((s) => states.get(s.id) !== 'approved').map((s) => s.department))];
  const needed = waitingFor.join(', ');
  const neededZh = waitingFor.map((d) => departmentName(d).zh).join('、');
  throw new ServiceError(
    'FORBIDDEN',
    t(
      `no sign-off of this version is waiting for your department (${actor.department}); waiting: ${needed || 'none'}`,
      `此版本没有等待您部门（${departmentName(actor.department).zh}）的审批；等待中：${neededZh || '无'}`,
    ),
  );
}

/**
 * Puts the newest approved version into service: live now, or scheduled when the campaign's
 * window starts later (the lifecycle worker puts it live then). The runtime re-checks every
 * sign-off on the hash.
 */
export async function launchCampaign(db: Executor, rt: Pick<Runtime, 'flows' | 'clock'>, actor: Actor, id: string) {
  const campaign = await getCampaign(db, id);
  assertNotEnded(campaign);
  const [version] = await db
    .select()
    .from(flowVersions)
    .where(and(eq(flowVersions.campaignId, id), eq(flowVersions.status, 'approved')))
    .orderBy(desc(flowVersions.versionNo))
    .limit(1);
  if (!version) throw new ServiceError('PRECONDITION_FAILED', t(`campaign "${campaign.name}" has no approved version to run`, `营销活动“${campaign.name}”没有可运行的已审批版本`));
  await assertLaunchable(db, campaign, version);
  const now = rt.clock.now();
  if (campaign.endAt && campaign.endAt <= now) {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      t(`campaign "${campaign.name}"'s window ended at ${campaign.endAt.toISOString()}; move the end of its window first`, `营销活动“${campaign.name}”的执行期已于 ${campaign.endAt.toISOString()} 结束；请先调整结束时间`),
    );
  }
  const later = campaign.startAt && campaign.startAt > now;
  await db
    .update(campaigns)
    .set({ liveVersionId: version.id, liveSince: later ? null : now, updatedAt: new Date() })
    .where(eq(campaigns.id, id));
  const note: TimelineNote = later ? { kind: 'scheduled', versionNo: version.versionNo, startAt: campaign.startAt!.toISOString() } : { kind: 'launched', versionNo: version.versionNo };
  await moveCampaign(db, campaign, later ? 'scheduled' : 'live', actor, version.hash, note);
  // Live again after a pause: the contacts its journeys made meanwhile (held) meet the contact
  // policy afresh and go out (runtime/held-contacts.ts; a large campaign's over later passes too).
  if (!later && campaign.status === 'paused') await settleHeldContacts(db, now, [id]);
  rt.flows.invalidate();
  return { versionId: version.id, hash: version.hash, status: later ? 'scheduled' : 'live' };
}

/**
 * What a launch checks of the version it would run, and the lifecycle worker again when a
 * scheduled campaign's window opens (campaign-plan.ts): its partner endpoints are registered, and
 * what it references (the offers' terms, the allocation: flow_versions.refs) is what was signed.
 * Throws PRECONDITION_FAILED saying why.
 */
export async function assertLaunchable(db: Executor, campaign: CampaignRow, version: typeof flowVersions.$inferSelect) {
  // Its partner endpoints stay registered until this commits: a delete waits, then sees it running.
  const missing = await lockEndpointsForLaunch(db, version.graph);
  if (missing.length) {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      t(
        `campaign "${campaign.name}" cannot be launched: its webhook nodes send to partner endpoints that are not registered (${missing.join(', ')}); register them under Admin → Partner endpoints, or submit a version without them`,
        `营销活动“${campaign.name}”未能上线：其 Webhook 节点推送的合作伙伴接口未登记（${missing.join('、')}）；请在“系统管理 → 合作伙伴接口”中登记，或提交不含这些节点的版本`,
      ),
      { reason: 'endpoint_missing', endpoints: missing },
    );
  }
  await assertRefsUnchanged(db, version, campaign, 'launch');
}

export async function pauseCampaign(db: Executor, rt: Pick<Runtime, 'flows'>, actor: Actor | null, id: string, note: TimelineNote | null = null) {
  const campaign = await getCampaign(db, id);
  if (campaign.status !== 'live') throw new ServiceError('PRECONDITION_FAILED', t(`campaign "${campaign.name}" is not live`, `营销活动“${campaign.name}”未在进行中`));
  await moveCampaign(db, campaign, 'paused', actor, null, note);
  rt.flows.invalidate();
}

/**
 * The campaign's versions, newest first; a rejected one with its rejection (who, which
 * department's sign-off, when, and why), so the designer sees what to change.
 */
export async function listVersions(db: Executor, campaignId: string) {
  const rows = await db
    .select({
      id: flowVersions.id,
      versionNo: flowVersions.versionNo,
      hash: flowVersions.hash,
      status: flowVersions.status,
      createdBy: flowVersions.createdBy,
      author: user.name,
      createdAt: flowVersions.createdAt,
      signoffs: flowVersions.signoffs,
    })
    .from(flowVersions)
    .leftJoin(user, eq(user.id, flowVersions.createdBy))
    .where(eq(flowVersions.campaignId, campaignId))
    .orderBy(desc(flowVersions.versionNo));
  const rejectedIds = rows.filter((r) => r.status === 'rejected').map((r) => r.id);
  const rejections = rejectedIds.length
    ? await db
        .select({ flowVersionId: approvals.flowVersionId, stepId: approvals.stepId, by: user.name, comment: approvals.comment, at: approvals.createdAt })
        .from(approvals)
        .innerJoin(user, eq(user.id, approvals.approverId))
        .where(and(inArray(approvals.flowVersionId, rejectedIds), eq(approvals.decision, 'rejected')))
        .orderBy(approvals.createdAt)
    : [];
  const [campaign] = rejectedIds.length ? await db.select({ department: campaigns.department }).from(campaigns).where(eq(campaigns.id, campaignId)) : [];
  return rows.map(({ signoffs, ...r }) => {
    const d = rejections.find((x) => x.flowVersionId === r.id);
    const step = d && versionSteps(signoffs, campaign?.department ?? '').find((s) => s.id === d.stepId);
    return { ...r, rejection: d ? { by: d.by, department: step?.department || null, comment: d.comment, at: d.at } : null };
  });
}

/**
 * The approver's inbox: versions with a sign-off open for their department (a serial step shows
 * once the steps before it are approved), with every step's state. Administrators see all.
 */
/** One version exactly as it was frozen: what an approver signs and a diff compares. */
export async function getVersion(db: Executor, versionId: string) {
  const [v] = await db.select().from(flowVersions).where(eq(flowVersions.id, versionId));
  if (!v) throw new ServiceError('NOT_FOUND', t(`flow version ${versionId} not found`, `找不到流程版本 ${versionId}`));
  return {
    id: v.id,
    campaignId: v.campaignId,
    versionNo: v.versionNo,
    hash: v.hash,
    status: v.status,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    graph: FlowGraph.parse(v.graph),
  };
}

export async function pendingApprovals(db: Executor, actor: Actor) {
  const rows = await db
    .select({
      versionId: flowVersions.id,
      versionNo: flowVersions.versionNo,
      hash: flowVersions.hash,
      signoffs: flowVersions.signoffs,
      createdBy: flowVersions.createdBy,
      createdAt: flowVersions.createdAt,
      campaignId: campaigns.id,
      campaignName: campaigns.name,
      department: campaigns.department,
    })
    .from(flowVersions)
    .innerJoin(campaigns, eq(campaigns.id, flowVersions.campaignId))
    .where(eq(flowVersions.status, 'submitted'))
    .orderBy(flowVersions.createdAt);
  if (rows.length === 0) return [];
  const titles = await titlesOf(db, actor.id);
  const decisions = await db
    .select({ flowVersionId: approvals.flowVersionId, stepId: approvals.stepId, decision: approvals.decision, approverId: approvals.approverId, versionHash: approvals.versionHash, comment: approvals.comment, at: approvals.createdAt })
    .from(approvals)
    .where(inArray(approvals.flowVersionId, rows.map((r) => r.versionId)));
  return rows.flatMap(({ signoffs, ...r }) => {
    const steps = versionSteps(signoffs, r.department);
    const mine = decisions.filter((d) => d.flowVersionId === r.versionId);
    const states = stepStates(steps, mine, r.hash);
    const openForMe = steps.filter((s) => states.get(s.id) === 'open' && canSign(actor, s));
    if (openForMe.length === 0) return [];
    // A step whose role this person holds comes first (as decideVersion picks); when they hold
    // none, the version stays listed with the role it needs (decideVersion refuses them).
    const mineToSign = openForMe.find((s) => holdsRole(actor, titles, s.role));
    return [{
      ...r,
      authoredByMe: r.createdBy === actor.id,
      signedByMe: mine.some((d) => d.approverId === actor.id),
      myStepId: (mineToSign ?? openForMe[0]).id,
      missingRole: mineToSign ? null : openForMe[0].role!.trim(),
      steps: steps.map((s) => {
        const d = mine.find((x) => x.stepId === s.id);
        return { ...s, state: states.get(s.id)!, comment: d?.comment ?? null, decidedAt: d?.at ?? null };
      }),
    }];
  });
}

export async function moveCampaign(
  db: Executor,
  campaign: CampaignRow,
  to: string,
  actor: Actor | null,
  versionHash: string | null,
  /** Why, worded by the page in the reader's language (timeline-note.ts); none when the move says it all. */
  note: TimelineNote | null,
) {
  await db.update(campaigns).set({ status: to, updatedAt: new Date() }).where(eq(campaigns.id, campaign.id));
  await db.insert(campaignEvents).values({
    campaignId: campaign.id,
    fromStatus: campaign.status,
    toStatus: to,
    actorId: actor?.id ?? null,
    versionHash,
    note: storedNote(note),
  });
  await appendAudit(db, {
    actor,
    action: 'campaign.move',
    entityType: 'campaign',
    entityId: campaign.id,
    versionHash,
    detail: { from: campaign.status, to, note },
  });
}

/**
 * A campaign that ends takes the version waiting for its approvers with it: the version could
 * never run, so it lapses and leaves the approvers' inboxes (and the escalations). Returns the
 * numbers of the versions that lapsed, for the campaign's timeline.
 */
export async function lapseWaitingVersions(db: Executor, campaign: CampaignRow): Promise<number[]> {
  const lapsed = await db
    .update(flowVersions)
    .set({ status: 'lapsed' })
    .where(and(eq(flowVersions.campaignId, campaign.id), eq(flowVersions.status, 'submitted')))
    .returning({ id: flowVersions.id, versionNo: flowVersions.versionNo, hash: flowVersions.hash });
  for (const v of lapsed) {
    await appendAudit(db, {
      actor: null,
      action: 'flow.lapse',
      entityType: 'flow_version',
      entityId: v.id,
      versionHash: v.hash,
      detail: { campaignId: campaign.id, versionNo: v.versionNo, reason: 'campaign_ended' },
    });
  }
  return lapsed.map((v) => v.versionNo);
}

/**
 * An ended campaign is history: its flow, its versions and their sign-offs no longer change, and
 * nothing of it can run again. Copying it into a new campaign is how to run it again.
 */
function assertNotEnded(campaign: CampaignRow) {
  if (campaign.status === 'ended' || campaign.status === 'evaluated') {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      t(`campaign "${campaign.name}" has ended; copy it into a new campaign to run it again`, `营销活动“${campaign.name}”已结束；如需再次运行，请复制为新活动`),
      { reason: 'campaign_ended' },
    );
  }
}

function assertOwnDepartment(actor: Actor, campaign: CampaignRow) {
  if (actor.role !== 'admin' && actor.department !== campaign.department) {
    throw new ServiceError('FORBIDDEN', t(`campaign "${campaign.name}" belongs to the ${campaign.department} department`, `营销活动“${campaign.name}”属于${departmentName(campaign.department).zh}`));
  }
}
