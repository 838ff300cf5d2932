import { getApp } from '@/server/app';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const app = await getApp();
  return app.auth.handler(req);
}

export { handler as GET, handler as POST };
