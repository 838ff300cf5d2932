// The scopes an API key can carry (pure: the admin page imports it too).
import { z } from 'zod';

export const API_KEY_SCOPES = [
  'events:write',
  'customers:read',
  'customers:write',
  'imports:write',
  'enrolments:write',
  'outcomes:write',
  'catalog:read',
  /** Offers live flows hold for a caller (telephony, agent desktops): docs/frontline.md. */
  'offers:read',
] as const;
export const ApiKeyScope = z.enum(API_KEY_SCOPES);
export type ApiKeyScope = z.infer<typeof ApiKeyScope>;
