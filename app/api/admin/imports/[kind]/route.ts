import { getApp } from '@/server/app';
import { handleAdminImport } from '@/server/http/admin-import';

export const dynamic = 'force-dynamic';
export const maxDuration = 3600;

/** The import page's upload (session-authenticated): POST /api/admin/imports/customers?mode=… */
export async function POST(req: Request, { params }: { params: Promise<{ kind: string }> }) {
  return handleAdminImport(await getApp(), req, (await params).kind);
}
