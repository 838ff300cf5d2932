// Only one process may own an embedded database folder: a second is refused, clearly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPglite } from '@/server/db/client';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'octo-lock-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('PGlite data folder ownership', () => {
  it('should refuse a second process with an error that names the owner and the way out', async () => {
    const dataDir = path.join(dir, 'pglite');
    const db = await openPglite(dataDir);
    try {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx', '-e', `import('./server/db/client.ts').then(m => (m.openPglite ?? m.default.openPglite)(${JSON.stringify(dataDir)})).then(() => { console.log('OPENED'); process.exit(0) }, e => { console.error(e.message); process.exit(3) })`],
        { cwd: process.cwd(), encoding: 'utf8', timeout: 60_000 },
      );
      expect(child.stdout).not.toContain('OPENED');
      expect(child.status).toBe(3);
      expect(child.stderr).toContain(`in use by process ${process.pid}`);
      expect(child.stderr).toContain('DATABASE_URL');
    } finally {
      await db.close();
    }
  }, 120_000); // the second process compiles the server with tsx first: slow on a busy machine

  it('should take over the folder of a process that died without closing it', async () => {
    const dataDir = path.join(dir, 'stale');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stale.lock'), '999999'); // no such process
    const db = await openPglite(dataDir);
    await db.close();
    expect(fs.existsSync(path.join(dir, 'stale.lock'))).toBe(false);
  });
});
