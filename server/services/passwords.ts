// Passwords of the accounts made here (a single sign-on account has none: its identity provider
// keeps it). Each person changes their own, giving the current one; an administrator resets
// someone else's to a one-time password. A reset, like an account an administrator creates
// (users.ts), leaves the person `mustChangePassword`: until they choose their own, their session
// opens nothing but that change (server/api/trpc.ts, app/_lib/session.ts), so the administrator
// who knew the password cannot go on using it. Hashing and checking are better-auth's
// (auth/accounts.ts). Both are audited; no password is stored in clear or audited.
import { randomBytes } from 'node:crypto';
import { and, eq, ne } from 'drizzle-orm';
import { z } from 'zod';
import { formatMessage } from '../../workflows/zod-text';
import { t } from '../../workflows/text';
import { passwordCredential, passwordHash, passwordMatches } from '../auth/accounts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../auth/password-length';
import type { Actor } from '../auth/roles';
import { account, session, user } from '../db/schema';
import { RateLimiter } from '../http/rate-limit';
import { processWide } from '../process-wide';
import type { Runtime } from '../runtime/runtime';
import { appendAudit, inTransaction } from './audit';
import { fieldRefusal, parseInput, ServiceError } from './errors';

/** A password someone chooses or an administrator types: the length better-auth's sign-in accepts. */
export const NewPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, formatMessage(`must be at least ${MIN_PASSWORD_LENGTH} characters`, `至少需要 ${MIN_PASSWORD_LENGTH} 个字符`))
  .max(MAX_PASSWORD_LENGTH, formatMessage(`must be at most ${MAX_PASSWORD_LENGTH} characters`, `最多 ${MAX_PASSWORD_LENGTH} 个字符`));

/** A one-time password for an administrator to hand over: 16 URL-safe characters (96 random bits). */
export const generatePassword = () => randomBytes(12).toString('base64url');

/** A change of one's own password: the current one, and the new one (confirmed twice in the form, not here). */
export const OwnPasswordChange = z
  .object({
    currentPassword: z
      .string()
      .min(1, formatMessage('enter your current password', '请填写当前密码'))
      .max(MAX_PASSWORD_LENGTH, formatMessage('is not your current password', '与当前密码不符')),
    newPassword: NewPassword,
  })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ['newPassword'], message: formatMessage('must differ from your current password', '须与当前密码不同') });
export type OwnPasswordChange = z.input<typeof OwnPasswordChange>;

/** An administrator's reset of someone's password: typed, or (absent) generated and returned once. */
export const PasswordReset = z.object({ userId: z.string().min(1), password: NewPassword.optional() });
export type PasswordReset = z.input<typeof PasswordReset>;

/** The person changing their password, and the session they do it from (kept; null: none is kept). */
export interface PasswordOwner {
  id: string;
  email: string;
  sessionId: string | null;
}

const SSO_MANAGED = t(
  'your account signs in through single sign-on: your password is managed by your identity provider, change it there',
  '您的账号通过单点登录登录：密码由身份提供方管理，请在那里修改',
);

/**
 * Guessing the current password from a session left open is slowed down: five tries, then one a
 * minute, per person (in memory, per process, as the API keys' limits are).
 */
const TRIES = { ratePerSecond: 1 / 60, burst: 5 };
const tries = () => processWide('password-change-tries', () => new RateLimiter());

/**
 * Changes the person's own password: refused when the current one is wrong (on its field) or the
 * account has no password (single sign-on). The new hash, the end of their other sessions, the
 * cleared `mustChangePassword` and the audit entry commit together.
 */
export async function changeOwnPassword(rt: Pick<Runtime, 'db' | 'clock'>, owner: PasswordOwner, input: OwnPasswordChange): Promise<{ sessionsEnded: number }> {
  const v = parseInput(OwnPasswordChange, input);
  const credential = await passwordCredential(rt.db, owner.id);
  if (!credential) throw new ServiceError('PRECONDITION_FAILED', SSO_MANAGED, { reason: 'sso_only' });
  const allowed = tries().take(owner.id, TRIES);
  if (!allowed.ok) {
    const s = allowed.retryAfterSeconds;
    throw new ServiceError('PRECONDITION_FAILED', t(`too many attempts: try again in ${s} seconds`, `尝试次数过多：请 ${s} 秒后再试`), { reason: 'too_many', retryAfterSeconds: s });
  }
  if (!(await passwordMatches(credential.hash, v.currentPassword))) {
    throw fieldRefusal('currentPassword', '当前密码', t('is not your current password', '与当前密码不符'));
  }
  // Hashed before the transaction: no lock is held while scrypt runs.
  const hash = await passwordHash(v.newPassword);
  const now = rt.clock.now();
  return inTransaction(rt.db, async (tx) => {
    const [before] = await tx.select({ mustChangePassword: user.mustChangePassword }).from(user).where(eq(user.id, owner.id)).for('update');
    // Only over the hash that was checked: a reset or another change in between wins, and this one is refused.
    const [saved] = await tx
      .update(account)
      .set({ password: hash, updatedAt: now })
      .where(and(eq(account.id, credential.id), eq(account.password, credential.hash)))
      .returning({ id: account.id });
    if (!saved || !before) {
      throw new ServiceError('CONFLICT', t('your password was changed meanwhile: sign in again with the new one', '您的密码刚被修改：请用新密码重新登录'));
    }
    await tx.update(user).set({ mustChangePassword: false, updatedAt: now }).where(eq(user.id, owner.id));
    const others = owner.sessionId ? and(eq(session.userId, owner.id), ne(session.id, owner.sessionId)) : eq(session.userId, owner.id);
    const ended = await tx.delete(session).where(others).returning({ id: session.id });
    await appendAudit(
      tx,
      { actor: { id: owner.id, email: owner.email }, action: 'user.password_change', entityType: 'user', entityId: owner.id, detail: { email: owner.email, required: before.mustChangePassword, sessionsEnded: ended.length } },
      now,
    );
    tries().forget(owner.id);
    return { sessionsEnded: ended.length };
  });
}

/**
 * Sets a new one-time password on someone else's account (typed, or generated and returned this
 * once), ends all their sessions and makes them choose their own at their next sign-in. Their API
 * keys keep working. Refused: one's own account (they change it giving the current one), and an
 * account without a password (single sign-on).
 */
export async function resetPassword(
  rt: Pick<Runtime, 'db' | 'clock'>,
  actor: Actor,
  input: PasswordReset,
): Promise<{ id: string; name: string; email: string; generatedPassword: string | null; sessionsEnded: number }> {
  const v = parseInput(PasswordReset, input);
  if (v.userId === actor.id) {
    throw new ServiceError(
      'PRECONDITION_FAILED',
      t('you cannot reset your own password: change it from the menu under your name, giving the current one', '不能重置自己的密码：请在页面顶部点击您的姓名修改密码（需填写当前密码）'),
      { reason: 'self' },
    );
  }
  const generatedPassword = v.password === undefined ? generatePassword() : null;
  const hash = await passwordHash(v.password ?? generatedPassword!);
  const now = rt.clock.now();
  return inTransaction(rt.db, async (tx) => {
    const [row] = await tx.select({ id: user.id, name: user.name, email: user.email }).from(user).where(eq(user.id, v.userId)).for('update');
    if (!row) throw new ServiceError('NOT_FOUND', t(`user ${v.userId} not found`, `找不到用户 ${v.userId}`));
    const credential = await passwordCredential(tx, row.id);
    if (!credential) {
      throw new ServiceError(
        'PRECONDITION_FAILED',
        t(`${row.name} (${row.email}) signs in through single sign-on: their password is managed by the identity provider`, `${row.name}（${row.email}）通过单点登录登录：其密码由身份提供方管理`),
        { reason: 'sso_only' },
      );
    }
    await tx.update(account).set({ password: hash, updatedAt: now }).where(eq(account.id, credential.id));
    await tx.update(user).set({ mustChangePassword: true, updatedAt: now }).where(eq(user.id, row.id));
    const ended = await tx.delete(session).where(eq(session.userId, row.id)).returning({ id: session.id });
    await appendAudit(
      tx,
      { actor, action: 'user.password_reset', entityType: 'user', entityId: row.id, detail: { email: row.email, passwordGenerated: generatedPassword !== null, sessionsEnded: ended.length } },
      now,
    );
    return { ...row, generatedPassword, sessionsEnded: ended.length };
  });
}
