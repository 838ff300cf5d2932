import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { getApp } from '@/server/app';
import { appRouter } from '@/server/api/root';
import { createContext } from '@/server/api/trpc';

export const dynamic = 'force-dynamic';

async function handler(req: Request) {
  const app = await getApp();
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: () => createContext(app, req.headers),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error);
    },
  });
}

export { handler as GET, handler as POST };
