// tRPC setup: the context carries the process's App and the signed-in actor (or null). Every
// procedure names a capability from the permission table; the check runs on the server.
import { initTRPC, TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { App } from '../app';
import { can, type Permission } from '../auth/permissions';
import { Department, Role, type Actor } from '../auth/roles';
import { LOCALE_COOKIE, pickLocale, type Locale } from '../../app/i18n/config';
import { describeIssues, fieldIssues, ServiceError } from '../services/errors';
import type { FieldIssue } from '../services/field-issue';

export interface Context {
  app: App;
  actor: Actor | null;
  /** The person's language, for the words of refusals; absent (English) for calls without a person's request. */
  locale?: Locale;
  /** The request's session (HTTP requests): a change of one's own password keeps it and ends the others. */
  sessionId?: string;
  /**
   * Signed in with a password an administrator set (`mustChangePassword`): `actor` stays null, so
   * every procedure refuses, saying why, except the change of that password (ownAccountProcedure).
   */
  passwordChangeFor?: { id: string; email: string };
}

/** Builds a context without HTTP: tests pass an actor directly. */
export const createContextInner = (opts: Context): Context => opts;

/** The context for an HTTP request: the actor comes from the better-auth session cookie. */
export async function createContext(app: App, headers: Headers): Promise<Context> {
  const session = await app.auth.api.getSession({ headers });
  const u = session?.user as
    | (NonNullable<typeof session>['user'] & { role?: string; department?: string; team?: string | null; shopId?: string | null; locale?: string | null; disabledAt?: Date | null; mustChangePassword?: boolean | null })
    | undefined;
  // The language the pages use for this person (app/i18n/request.ts), so a refusal reads like the page.
  const cookie = headers.get('cookie')?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=([^;]*)`))?.[1];
  const locale = pickLocale(u?.locale, cookie, headers.get('accept-language'));
  // A disabled account's sessions are deleted when it is disabled; one read in between is none.
  if (!u || u.disabledAt) return { app, actor: null, locale };
  const sessionId = session!.session.id;
  if (u.mustChangePassword) return { app, actor: null, locale, sessionId, passwordChangeFor: { id: u.id, email: u.email } };
  const role = Role.safeParse(u.role);
  const department = Department.safeParse(u.department);
  if (!role.success || !department.success) return { app, actor: null, locale };
  return {
    app,
    actor: { id: u.id, name: u.name, email: u.email, role: role.data, department: department.data, team: u.team ?? null, shopId: u.shopId ?? null },
    locale,
    sessionId,
  };
}

/** Each procedure's capability, readable from the router (tests/server/permissions.test.ts). */
export interface Meta {
  permission?: Permission;
}

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer: superjson,
  errorFormatter({ shape, error, ctx, input }) {
    const cause = error.cause;
    // The refused fields, in the reader's language, for forms to place under each field.
    const fields: FieldIssue[] =
      cause instanceof ServiceError
        ? cause.fieldsIn(ctx?.locale)
        : error.code === 'BAD_REQUEST' && cause instanceof ZodError
          ? fieldIssues(cause, ctx?.locale, input)
          : [];
    return {
      ...shape,
      data: { ...shape.data, details: cause instanceof ServiceError ? (cause.details ?? null) : null, fields },
    };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Maps service errors to tRPC codes so clients see NOT_FOUND, CONFLICT and so on, and words an
 * input that failed its schema as the fields and what is wrong with them (`attributes.1.name: …`)
 * instead of the validator's JSON.
 */
const serviceErrors = t.middleware(async ({ ctx, next, getRawInput }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof ServiceError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: cause.code, message: cause.messageIn(ctx.locale), cause });
  }
  if (!result.ok && result.error.code === 'BAD_REQUEST' && result.error.cause instanceof ZodError) {
    const cause = result.error.cause;
    const input = ctx.locale === 'zh-CN' ? await getRawInput().catch(() => undefined) : undefined;
    throw new TRPCError({ code: 'BAD_REQUEST', message: describeIssues(cause, ctx.locale, input), cause });
  }
  return result;
});

export const publicProcedure = t.procedure.use(serviceErrors);

/** A procedure for signed-in users whose role has `permission`. */
export function procedure(permission: Permission) {
  return publicProcedure.meta({ permission }).use(({ ctx, next }) => {
    const zh = ctx.locale === 'zh-CN';
    if (!ctx.actor && ctx.passwordChangeFor) throw passwordChangeFirst(zh);
    if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: zh ? '请先登录' : 'sign in first' });
    if (!can(ctx.actor.role, permission)) {
      const message = zh ? `您的角色（${ctx.actor.role}）无权执行 ${permission}` : `your role (${ctx.actor.role}) may not ${permission}`;
      throw new TRPCError({ code: 'FORBIDDEN', message });
    }
    return next({ ctx: { ...ctx, actor: ctx.actor } });
  });
}

function passwordChangeFirst(zh: boolean) {
  return new TRPCError({
    code: 'FORBIDDEN',
    message: zh ? '请先修改密码：您的密码由管理员设置，须改为您自己的密码后才能继续' : 'change your password first: an administrator set it, and you must choose your own before anything else',
  });
}

/**
 * A procedure on the caller's own account (`account.own`, every role): the one procedure open to
 * a person who must still change the password an administrator set. `self` is who they are and
 * the session they call from.
 */
export const ownAccountProcedure = publicProcedure.meta({ permission: 'account.own' }).use(({ ctx, next }) => {
  const zh = ctx.locale === 'zh-CN';
  const who = ctx.actor ?? ctx.passwordChangeFor;
  if (!who) throw new TRPCError({ code: 'UNAUTHORIZED', message: zh ? '请先登录' : 'sign in first' });
  if (ctx.actor && !can(ctx.actor.role, 'account.own')) {
    throw new TRPCError({ code: 'FORBIDDEN', message: zh ? `您的角色（${ctx.actor.role}）无权执行 account.own` : `your role (${ctx.actor.role}) may not account.own` });
  }
  return next({ ctx: { ...ctx, self: { id: who.id, email: who.email, sessionId: ctx.sessionId ?? null } } });
});
