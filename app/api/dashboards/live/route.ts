import { getApp } from '@/server/app';
import { handleLiveStream } from '@/server/http/dashboards-live';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleLiveStream(await getApp(), req);
}
