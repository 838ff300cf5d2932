import { getApp } from '@/server/app';
import { handleOffersByMsisdn } from '@/server/http/frontline-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleOffersByMsisdn(await getApp(), req);
}
