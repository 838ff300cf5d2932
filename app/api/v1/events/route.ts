import { getApp } from '@/server/app';
import { handlePostEvents } from '@/server/http/public-api';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return handlePostEvents(await getApp(), req);
}
