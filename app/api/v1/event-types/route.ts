import { getApp } from '@/server/app';
import { handleGetEventTypes } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleGetEventTypes(await getApp(), req);
}
