// GET /api/dashboards/live: the Live dashboard as server-sent events, one `live` event every
// two seconds, for signed-in roles with dashboard.read. A stream ends after ten minutes; the
// browser's EventSource reconnects by itself, so no connection lives forever.
import type { App } from '../app';
import { liveDashboard } from '../analytics/live';
import { createContext } from '../api/trpc';
import { can } from '../auth/permissions';

const EVERY_MS = 2_000;
const LIFETIME_MS = 10 * 60_000;

const json = (status: number, error: string) =>
  new Response(JSON.stringify({ error }), { status, headers: { 'content-type': 'application/json' } });

export async function handleLiveStream(app: App, req: Request): Promise<Response> {
  const { actor } = await createContext(app, req.headers);
  if (!actor) return json(401, 'sign in first');
  if (!can(actor.role, 'dashboard.read')) return json(403, `your role (${actor.role}) may not read dashboards`);

  const encoder = new TextEncoder();
  let timer: ReturnType<typeof setInterval> | undefined;
  let closed = false;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const close = () => {
        if (closed) return;
        closed = true;
        clearInterval(timer);
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const send = async () => {
        if (closed) return;
        try {
          const data = await liveDashboard(app.rt.db, app.rt.clock.now());
          if (!closed) controller.enqueue(encoder.encode(`event: live\ndata: ${JSON.stringify(data)}\n\n`));
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          if (!closed) controller.enqueue(encoder.encode(`event: failure\ndata: ${JSON.stringify({ message })}\n\n`));
        }
      };
      // Tell the browser to wait 3 s before reconnecting after the stream ends.
      controller.enqueue(encoder.encode('retry: 3000\n\n'));
      void send();
      timer = setInterval(() => void send(), EVERY_MS);
      setTimeout(close, LIFETIME_MS).unref?.();
      req.signal.addEventListener('abort', close);
    },
    cancel() {
      closed = true;
      clearInterval(timer);
    },
  });
  return new Response(stream, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      'x-accel-buffering': 'no',
    },
  });
}
