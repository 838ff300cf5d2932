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
  'notifications.read': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  'customer.read': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  'catalog.read': ['designer', 'approver', 'executive', 'frontline', 'admin'],
  /** Customer data (issue 8): the tag schema, bulk imports, the product catalogue, API keys. */
  'tags.manage': ['admin'],
  'imports.run': ['admin'],
  'products.manage': ['admin'],
  'apikeys.manage': ['admin'],
  /** Partner webhook endpoints: their URLs (on the operator's allow-list) and signing secrets. */
  'partners.manage': ['admin'],
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
