import { getApp } from '@/server/app';
import { handleCustomerSteps } from '@/server/http/public-api';

export const dynamic = 'force-dynamic';

export async function GET(req: Request, ctx: { params: Promise<{ customerId: string }> }) {
  const { customerId } = await ctx.params;
  return handleCustomerSteps(await getApp(), req, customerId);
}
