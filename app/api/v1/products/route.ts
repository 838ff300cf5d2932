import { getApp } from '@/server/app';
import { handleGetProducts } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  return handleGetProducts(await getApp(), req);
}
