// The permission table: one line per capability, the roles allowed to use it. Procedures name
// a capability; nothing else grants access.
import type { Role } from './roles';

export const permissions = {
  'campaign.read': ['designer', 'approver', 'executive', 'admin'],
  'campaign.edit': ['designer', 'admin'],
  'campaign.submit': ['designer', 'admin'],
  'campaign.approve': ['approver', 'admin'],
  /** Keep the wording templates: edit their names and text, retire and restore them. */
  'wording.manage': ['designer', 'admin'],
  'campaign.launch': ['designer', 'approver', 'admin'],
  /** The closed loop (issue 6): the tamper-evident audit log, and each person's notifications. */
  'audit.read': ['admin'],
  /** Accounts: list users, give them a role, a department and job titles. */
  'users.manage': ['admin'],
  'campaign.evaluate': ['designer', 'approver', 'executive', 'admin'],
  /** Each person's own account (their password): scoped to the caller, so everyone signed in. */
  'account.own': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  /** Each person's own notifications (the bell): scoped to the caller, so everyone signed in. */
  'notifications.read': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  /**
   * The customer directory (the customers pages: every subscriber's number, profile, products and
   * journey). Not frontline staff: agents' shops are external partners, and the workbench gives
   * each person the customers of their own work (the caller on the line, the claimed call, the
   * shop's opportunities, masked at agents' shops) under `frontline.work` (docs/frontline.md).
   */
  'customer.read': ['designer', 'approver', 'executive', 'admin'],
  /** The catalogue's names (tags and their value labels, event types, products, offers): no customer data. The workbench names plans and cities with it. */
  'catalog.read': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  /** Customer data (issue 8): the tag schema, bulk imports, the product catalogue, API keys. */
  'tags.manage': ['admin'],
  /** Declare the event types upstream systems may send, beside the built-in ones (issue 4). */
  'eventtypes.manage': ['admin'],
  'imports.run': ['admin'],
  'products.manage': ['admin'],
  'apikeys.manage': ['admin'],
  /** Partner webhook endpoints: their URLs (on the operator's allow-list) and signing secrets. */
  'partners.manage': ['admin'],
  /** Operations: refused events, failed events and failed deliveries, inspected and sent again. */
  'operations.manage': ['admin'],
  /** The frontline organisation: call-centre teams and shops, their cities, deactivating them. */
  'org.manage': ['admin'],
  /** The global contact policy (caps, quiet hours, consent): designers plan around it, admins change it. */
  'contactpolicy.read': ['designer', 'approver', 'executive', 'admin'],
  'contactpolicy.manage': ['admin'],
  'dashboard.read': ['designer', 'approver', 'executive', 'admin'],
  /** Serve callers, work the outbound queue and shop opportunities, record outcomes. */
  'frontline.work': ['frontline', 'admin'],
  /** Commission statements: staff see their own and their shop's, executives and admins all. */
  'frontline.report': ['frontline', 'executive', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof permissions;

export function can(role: Role, permission: Permission): boolean {
  return (permissions[permission] as readonly Role[]).includes(role);
}

/**
 * The pages of the signed-in app (`app/(app)/`) and the capability each needs (a list: any one of
 * them). A page refuses other roles on the server with the forbidden screen
 * (`app/(app)/require-page.tsx`); the API behind it checks again on every call.
 */
export const pagePermissions = {
  '/campaigns': 'campaign.read',
  '/campaigns/[id]': 'campaign.read',
  '/campaigns/[id]/plan': 'campaign.read',
  '/approvals': 'campaign.approve',
  '/customers': 'customer.read',
  '/customers/[id]': 'customer.read',
  '/dashboards': 'dashboard.read',
  '/wording': 'wording.manage',
  '/audit': 'audit.read',
  '/workbench': ['frontline.work', 'frontline.report'],
  '/workbench/inbound': 'frontline.work',
  '/workbench/outbound': 'frontline.work',
  '/workbench/shop': 'frontline.work',
  '/workbench/commission': 'frontline.report',
  '/admin/users': 'users.manage',
  '/admin/tags': 'tags.manage',
  '/admin/event-types': 'eventtypes.manage',
  '/admin/imports': 'imports.run',
  '/admin/products': 'products.manage',
  '/admin/api-keys': 'apikeys.manage',
  '/admin/partners': 'partners.manage',
  '/admin/frontline-org': 'org.manage',
  '/admin/operations': 'operations.manage',
  '/admin/contact-policy': 'contactpolicy.read',
} as const satisfies Record<string, Permission | readonly Permission[]>;

export type AppPage = keyof typeof pagePermissions;

export function canOpenPage(role: Role, page: AppPage): boolean {
  const needs: Permission | readonly Permission[] = pagePermissions[page];
  return typeof needs === 'string' ? can(role, needs) : needs.some((p) => can(role, p));
}
