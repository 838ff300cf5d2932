import { getApp } from '@/server/app';
import { handleOutcome } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return handleOutcome(await getApp(), req);
}
