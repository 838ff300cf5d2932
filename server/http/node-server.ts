// Serves fetch-style handlers on node:http: the test and benchmark harness for the public API
// (the product serves the same handlers through Next.js route files).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';

export type FetchHandler = (req: Request) => Promise<Response>;

const SMALL_BODY = 64 * 1024;

function readAll(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function serve(handler: FetchHandler, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer(async (req, res) => {
    try {
      // A large or unsized body is streamed to the handler, not buffered: a CSV import of
      // millions of rows arrives in chunks as Next's route handlers get it. A small one (an
      // event, a batch of them) is read first and handed over whole, which spares a web stream
      // bridged from a Node stream per request.
      const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
      const length = Number(req.headers['content-length'] ?? NaN);
      const body = !hasBody ? undefined : length <= SMALL_BODY ? await readAll(req) : (Readable.toWeb(req) as ReadableStream<Uint8Array>);
      const request = new Request(`http://${req.headers.host}${req.url}`, {
        method: req.method,
        headers: req.headers as Record<string, string>,
        body,
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
      const response = await handler(request);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
      console.error(err);
    }
  });
  // Keep idle connections longer than clients do (undici keeps them 4 s; slow steps between
  // requests made Node's 5 s default close a socket the client was about to reuse: ECONNRESET).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
