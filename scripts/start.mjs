#!/usr/bin/env node
// `npm start`: builds the production server when the sources changed since the last build (or
// there is none), then runs `next start` on PORT (3000 by default) with the embedded database
// unless DATABASE_URL is set. The server process replaces nothing: signals are forwarded.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);

const [major] = process.versions.node.split('.').map(Number);
if (major < 20) {
  console.error(`Octoflow needs Node.js 20 or newer; this is ${process.version}.`);
  process.exit(1);
}

const SOURCES = ['app', 'server', 'workflows', 'messages', 'next.config.js', 'instrumentation.ts', 'package-lock.json', 'tsconfig.json'];
const STAMP = path.join('.next', 'octoflow-source-hash');

function sourceHash() {
  const h = createHash('sha256');
  const walk = (p) => {
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) walk(path.join(p, name));
    } else {
      h.update(p);
      h.update(fs.readFileSync(p));
    }
  };
  SOURCES.forEach(walk);
  return h.digest('hex');
}

const hash = sourceHash();
const built = fs.existsSync(path.join('.next', 'BUILD_ID')) && fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === hash;
if (!built) {
  console.log('Building Octoflow for production (first start or sources changed)…');
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error('The build failed; see the messages above.');
    process.exit(r.status ?? 1);
  }
  fs.writeFileSync(STAMP, hash);
}

const port = process.env.PORT ?? '3000';
const server = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', port], {
  stdio: 'inherit',
  env: { ...process.env, PORT: port },
});
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => server.kill(sig));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
