// Roles and departments (see docs/ and ../shared/DOMAIN.md). The permission table in
// permissions.ts says which role may call what; every API procedure checks it on the server.
import { z } from 'zod';

export const Role = z.enum(['designer', 'approver', 'executive', 'frontline', 'admin']);
export type Role = z.infer<typeof Role>;

export const Department = z.enum(['market', 'customer_service', 'it_support', 'head_office', 'channels']);
export type Department = z.infer<typeof Department>;

export interface Actor {
  id: string;
  name: string;
  email: string;
  role: Role;
  department: Department;
  /** Frontline staff: the call-centre team whose outbound queue they serve. */
  team?: string | null;
  /** Frontline staff: the shop (own or agent's) whose opportunities they see. */
  shopId?: string | null;
}
