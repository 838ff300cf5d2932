import { getApp } from '@/server/app';
import { handleGetSubscriptions } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, { params }: { params: Promise<{ customerId: string }> }) {
  return handleGetSubscriptions(await getApp(), req, (await params).customerId);
}
