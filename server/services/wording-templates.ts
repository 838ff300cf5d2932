// Wording templates (issue 5): the approved message texts a designer picks for a contact node,
// with {{customer.<tag>}} / {{event.<attribute>}} placeholders checked against the catalog.
import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { type Catalog, checkTemplate, t } from '../../workflows';
import type { Actor } from '../auth/roles';
import type { Executor } from '../db/client';
import { wordingTemplates } from '../db/schema';
import { appendAudit } from './audit';
import { ServiceError } from './errors';

/** The contact kinds whose text can come from a template. */
export const WORDING_KINDS = ['sms', 'app_push', 'outbound_call', 'inbound_offer', 'frontline_opportunity'] as const;

export const WordingTemplateInput = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, formatMessage('must be lower case letters, digits, _ . -, at most 64 characters', '只能包含小写字母、数字、_ . -，最多 64 个字符')),
  kind: z.enum(WORDING_KINDS),
  nameZh: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().min(1).max(100),
  body: z.string().trim().min(1).max(2000),
});
export type WordingTemplateInput = z.input<typeof WordingTemplateInput>;
export type WordingTemplateRow = typeof wordingTemplates.$inferSelect;

/** The templates, by kind then id; retired ones only when asked (the wording templates page). */
export async function listWordingTemplates(db: Executor, kind?: string, opts: { includeRetired?: boolean } = {}): Promise<WordingTemplateRow[]> {
  return db
    .select()
    .from(wordingTemplates)
    .where(and(kind ? eq(wordingTemplates.kind, kind) : undefined, opts.includeRetired ? undefined : isNull(wordingTemplates.retiredAt)))
    .orderBy(asc(wordingTemplates.kind), asc(wordingTemplates.id));
}

/** Placeholders must name customer tags (event attributes depend on the flow's trigger, so they are checked where the text is used). */
function checkBody(catalog: Catalog, body: string): void {
  const problems = checkTemplate(body.replace(/\{\{\s*event\.[^{}]*\}\}/g, ''), { catalog }).filter((i) => i.code !== 'empty');
  if (problems.length) {
    // The details are flow issues, so the UI shows each in the reader's language (callError().issues).
    const issues = problems.map((p) => ({ rule: p.code, field: 'body', message: p.message }));
    const what = t(problems.map((p) => p.message.en).join(' '), problems.map((p) => p.message.zh).join(' '));
    throw new ServiceError('BAD_REQUEST', t(`body: ${what.en}`, `正文：${what.zh}`), issues, [{ path: ['body'], text: what }]);
  }
}

/**
 * Saves a new template (the designer's "Save as a template"). An id already taken is refused:
 * changing a template is an edit on the wording templates page (`updateWordingTemplate`, audited
 * with what it was), never a silent replacement from the designer.
 */
export async function saveWordingTemplate(db: Executor, actor: Actor, catalog: Catalog, input: WordingTemplateInput): Promise<WordingTemplateRow> {
  const v = WordingTemplateInput.parse(input);
  checkBody(catalog, v.body);
  const [saved] = await db
    .insert(wordingTemplates)
    .values({ ...v, createdBy: actor.id, updatedAt: new Date() })
    .onConflictDoNothing({ target: wordingTemplates.id })
    .returning();
  if (!saved) {
    throw new ServiceError('CONFLICT', t(`a wording template "${v.id}" exists already: choose another id, or edit it on the wording templates page`, `话术模板“${v.id}”已存在：请换一个编号，或在话术模板页面中编辑它`), {
      reason: 'wording_exists',
      id: v.id,
    });
  }
  await appendAudit(db, { actor, action: 'wording.save', entityType: 'wording_template', entityId: saved.id, detail: { ...v } });
  return saved;
}

export const WordingTemplateEdit = WordingTemplateInput.pick({ id: true, nameZh: true, nameEn: true, body: true });
export type WordingTemplateEdit = z.input<typeof WordingTemplateEdit>;

async function lockTemplate(db: Executor, id: string): Promise<WordingTemplateRow> {
  const [row] = await db.select().from(wordingTemplates).where(eq(wordingTemplates.id, id)).for('update');
  if (!row) throw new ServiceError('NOT_FOUND', t(`no wording template "${id}"`, `没有话术模板“${id}”`));
  return row;
}

/**
 * Edits an existing template's names and text (its id and kind stay), with the placeholder
 * check of `saveWordingTemplate`. Flows that copied the old text keep it: the flow version holds
 * the text. Audited as `wording.update` with what it was.
 */
export async function updateWordingTemplate(db: Executor, actor: Actor, catalog: Catalog, input: WordingTemplateEdit): Promise<WordingTemplateRow> {
  const v = WordingTemplateEdit.parse(input);
  checkBody(catalog, v.body);
  const was = await lockTemplate(db, v.id);
  const [saved] = await db
    .update(wordingTemplates)
    .set({ nameZh: v.nameZh, nameEn: v.nameEn, body: v.body, updatedAt: new Date() })
    .where(eq(wordingTemplates.id, v.id))
    .returning();
  await appendAudit(db, {
    actor,
    action: 'wording.update',
    entityType: 'wording_template',
    entityId: v.id,
    detail: { ...v, kind: was.kind, was: { nameZh: was.nameZh, nameEn: was.nameEn, body: was.body } },
  });
  return saved!;
}

/**
 * Retires a template (the designer's picker no longer offers it) or restores it. Retiring one
 * already retired, or restoring one in use, changes nothing and writes no audit entry.
 */
export async function setWordingTemplateRetired(db: Executor, actor: Actor, id: string, retired: boolean): Promise<WordingTemplateRow> {
  const was = await lockTemplate(db, id);
  if ((was.retiredAt !== null) === retired) return was;
  const [saved] = await db
    .update(wordingTemplates)
    .set({ retiredAt: retired ? new Date() : null, updatedAt: new Date() })
    .where(eq(wordingTemplates.id, id))
    .returning();
  await appendAudit(db, {
    actor,
    action: retired ? 'wording.retire' : 'wording.restore',
    entityType: 'wording_template',
    entityId: id,
    detail: { kind: was.kind, nameZh: was.nameZh, nameEn: was.nameEn },
  });
  return saved!;
}

/** The demo's templates: the texts the demo campaigns send, and a few more. */
export const demoWordingTemplates: WordingTemplateInput[] = [
  {
    id: 'data-topup-5gb',
    kind: 'sms',
    nameZh: '流量加油包 · 5GB',
    nameEn: 'Data top-up · 5 GB',
    body: '尊敬的{{customer.name}}，您本月流量已用{{event.pct}}%，回复Y办理10元5GB加油包，当月有效。',
  },
  {
    id: 'balance-low-reminder',
    kind: 'sms',
    nameZh: '余额不足提醒',
    nameEn: 'Low balance reminder',
    body: '尊敬的{{customer.name}}，您的话费余额为{{event.balance}}元，为免影响使用，请及时充值。',
  },
  {
    id: 'unlimited-5g-upgrade',
    kind: 'sms',
    nameZh: '5G畅享套餐升级',
    nameEn: 'Unlimited 5G upgrade',
    body: '尊敬的{{customer.name}}，感谢您{{customer.tenure_months}}个月的陪伴，现在升级5G畅享套餐首月半价，回复Y办理。',
  },
  {
    id: 'renewal-call-script',
    kind: 'outbound_call',
    nameZh: '合约续约外呼话术',
    nameEn: 'Contract renewal call script',
    body: '您好，{{customer.name}}，我是客户经理。您的合约即将到期，续约可享每月话费9折，并赠送10GB流量，您看需要为您办理吗？',
  },
  {
    id: 'upgrade-push',
    kind: 'app_push',
    nameZh: '套餐升级推送',
    nameEn: 'Plan upgrade push',
    body: '{{customer.name}}，5G畅享套餐首月半价，点击查看详情。',
  },
];

export async function seedDemoWordingTemplates(db: Executor): Promise<void> {
  await db.insert(wordingTemplates).values(demoWordingTemplates.map((t) => WordingTemplateInput.parse(t))).onConflictDoNothing();
}
