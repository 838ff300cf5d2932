import { getApp } from '@/server/app';
import { handleEnrolment } from '@/server/http/partner-api';

export const dynamic = 'force-dynamic';

export async function POST(req: Request) {
  return handleEnrolment(await getApp(), req);
}
