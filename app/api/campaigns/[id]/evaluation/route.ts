import { getApp } from '@/server/app';
import { handleEvaluationExport } from '@/server/http/closed-loop-exports';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  return handleEvaluationExport(await getApp(), req, (await params).id);
}
