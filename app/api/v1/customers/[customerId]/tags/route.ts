import { getApp } from '@/server/app';
import { handlePatchTags } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function PATCH(req: Request, { params }: { params: Promise<{ customerId: string }> }) {
  return handlePatchTags(await getApp(), req, (await params).customerId);
}
