import { getApp } from '@/server/app';
import { handleHealth } from '@/server/http/public-api';

export const dynamic = 'force-dynamic';

export async function GET() {
  return handleHealth(await getApp());
}
