import { getApp } from '@/server/app';
import { handleCustomerOffers } from '@/server/http/frontline-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await ctx.params;
  return handleCustomerOffers(await getApp(), req, customerId);
}
