import { can } from '@/server/auth/permissions';
import type { Actor } from '@/server/auth/roles';

export type WorkbenchTab = 'inbound' | 'outbound' | 'shop' | 'commission';

/** The screens a person has: call-centre agents serve calls, shop staff their shop's opportunities. */
export function workbenchTabs(actor: Actor): WorkbenchTab[] {
  const tabs: WorkbenchTab[] = [];
  const admin = actor.role === 'admin';
  if (can(actor.role, 'frontline.work') && (admin || actor.team)) tabs.push('inbound', 'outbound');
  if (can(actor.role, 'frontline.work') && (admin || actor.shopId)) tabs.push('shop');
  if (can(actor.role, 'frontline.report')) tabs.push('commission');
  return tabs;
}
