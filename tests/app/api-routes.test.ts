// The public API is served by Next.js route files in production (and by routePublicApi in tests
// and the benchmark). Every route the OpenAPI document promises must have its route file with the
// documented methods, or production answers 404 where the tests were green.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '@/server/http/openapi';

const ROOT = path.resolve(__dirname, '../..');

/** The route file serving `route`: a `{param}` segment is whichever dynamic folder is at that level. */
function routeFile(route: string): string | null {
  let dir = path.join(ROOT, 'app');
  for (const segment of route.split('/').filter(Boolean)) {
    const name = /^\{\w+\}$/.test(segment) ? fs.readdirSync(dir).find((d) => /^\[\w+\]$/.test(d)) : segment;
    if (!name || !fs.existsSync(path.join(dir, name))) return null;
    dir = path.join(dir, name);
  }
  const file = path.join(dir, 'route.ts');
  return fs.existsSync(file) ? file : null;
}

describe('public API route files', () => {
  it('should serve every documented path and method through a Next.js route file', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, unknown>> };
    const missing: string[] = [];
    for (const [route, operations] of Object.entries(doc.paths)) {
      const file = routeFile(route);
      const source = file ? fs.readFileSync(file, 'utf8') : '';
      for (const method of Object.keys(operations).map((m) => m.toUpperCase())) {
        if (!new RegExp(`export (async )?function ${method}\\b|export const ${method}\\b`).test(source)) missing.push(`${method} ${route}`);
      }
    }
    expect(Object.keys(doc.paths).length).toBeGreaterThan(10);
    expect(missing).toEqual([]);
  });
});
