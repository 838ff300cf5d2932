import { getApp } from '@/server/app';
import { handleGetTags } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleGetTags(await getApp(), req);
}
