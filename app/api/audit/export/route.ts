import { getApp } from '@/server/app';
import { handleAuditExport } from '@/server/http/closed-loop-exports';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleAuditExport(await getApp(), req);
}
