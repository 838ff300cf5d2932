// Starts the real app (`next start`) on a free port with a fresh PGlite data directory, as a
// child process, and stops it again. Set E2E_BASE_URL to run against a server you started.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../..');

export interface TestServer {
  baseUrl: string;
  /** The instant the server's clock started at (see OCTOFLOW_CLOCK_START). */
  clockStart: Date;
  startedAt: number;
  logs(): string;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * 10:00 today in the operator's time zone. SMS are held during quiet hours (21:00–08:00 local),
 * so the server's clock is set to mid-morning: the test must not depend on when it runs.
 */
export function morningInShanghai(now = new Date()): Date {
  const ymd = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return new Date(`${ymd}T10:00:00+08:00`);
}

/** The build folder: OCTOFLOW_DIST_DIR (see next.config.js) or .next. */
const DIST_DIR = process.env.OCTOFLOW_DIST_DIR || '.next';

function ensureBuild() {
  if (fs.existsSync(path.join(ROOT, DIST_DIR, 'BUILD_ID'))) return;
  const result = spawnSync('npx', ['next', 'build'], { cwd: ROOT, stdio: 'inherit', env: process.env });
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status})`);
}

async function waitForHealth(baseUrl: string, child: ChildProcess | null, logs: () => string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs} ms:\n${logs()}`);
}

export async function startServer(): Promise<TestServer> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    await waitForHealth(external, null, () => '');
    return { baseUrl: external, clockStart: new Date(), startedAt: Date.now(), logs: () => '', stop: async () => {} };
  }
  ensureBuild();
  const port = await freePort();
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'octoflow-browser-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const clockStart = morningInShanghai();
  let output = '';
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      OCTOFLOW_DATA_DIR: path.join(dataRoot, 'pglite'),
      BETTER_AUTH_URL: baseUrl,
      OCTOFLOW_CLOCK_START: clockStart.toISOString(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const logs = () => output;
  try {
    await waitForHealth(baseUrl, child, logs);
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  // The server's clock starts at clockStart when the app is created, which the first health
  // check does: taken after it answers, clockStart + (now - startedAt) never runs ahead of the
  // server's clock (a test waiting for a time on it waits long enough).
  const startedAt = Date.now();
  return {
    baseUrl,
    clockStart,
    startedAt,
    logs,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataRoot, { recursive: true, force: true });
    },
  };
}
