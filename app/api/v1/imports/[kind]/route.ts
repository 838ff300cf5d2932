import { getApp } from '@/server/app';
import { handleGetImport, handleImport } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';
// A large extract takes minutes to import; the body is streamed, never buffered.
export const maxDuration = 3600;

/** POST /api/v1/imports/customers | /api/v1/imports/subscriptions */
export async function POST(req: Request, { params }: { params: Promise<{ kind: string }> }) {
  return handleImport(await getApp(), req, (await params).kind);
}

/** GET /api/v1/imports/{id} */
export async function GET(req: Request, { params }: { params: Promise<{ kind: string }> }) {
  return handleGetImport(await getApp(), req, (await params).kind);
}
