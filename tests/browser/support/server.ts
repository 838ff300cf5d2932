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
  /** The time on the server's clock (OCTOFLOW_CLOCK_START, then running) at `startedAt` (this
   *  process's Date.now()), as its health check reported it: the server's now is
   *  clockStart + (Date.now() - startedAt), never ahead of the server's own. */
  clockStart: Date;
  startedAt: number;
  logs(): string;
  /** The server's embedded database folder (PGlite), which only the server may open while it runs. */
  dataDir: string;
  /**
   * Stops the server and starts it again on the same port and data, its clock now starting at
   * `clockStart` (default: where it had got to): time passes for the app (work falls due,
   * expires), nothing else changes. `whileStopped` runs in between, when the database folder is
   * free (e.g. to change a row as an intruder would). `clockStart` and `startedAt` follow.
   */
  restart(opts: { clockStart?: Date; whileStopped?: () => Promise<void> }): Promise<void>;
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

/** Waits until the server answers its health check; returns the time on its clock then. */
async function waitForHealth(baseUrl: string, child: ChildProcess | null, logs: () => string, timeoutMs = 180_000): Promise<Date> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${logs()}`);
    try {
      const res = await fetch(`${baseUrl}/api/health`);
      if (res.ok) return new Date(((await res.json()) as { time: string }).time);
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the server did not become healthy within ${timeoutMs} ms:\n${logs()}`);
}

/** `env`: more environment for the server (e.g. DATABASE_URL to run it on PostgreSQL). */
export async function startServer(opts: { env?: Record<string, string> } = {}): Promise<TestServer> {
  const external = process.env.E2E_BASE_URL;
  if (external) {
    const clockStart = await waitForHealth(external, null, () => '');
    const restart = async () => {
      throw new Error('restart: not possible against E2E_BASE_URL (a server this test did not start)');
    };
    return { baseUrl: external, dataDir: '', clockStart, startedAt: Date.now(), logs: () => '', restart, stop: async () => {} };
  }
  ensureBuild();
  const port = await freePort();
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'octoflow-browser-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  const logs = () => output;

  const launch = async (clockStart: Date) => {
    const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        OCTOFLOW_DATA_DIR: path.join(dataRoot, 'pglite'),
        BETTER_AUTH_URL: baseUrl,
        OCTOFLOW_CLOCK_START: clockStart.toISOString(),
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
    try {
      // The server's clock when it first answered (the app, and its clock, start on that request).
      const time = await waitForHealth(baseUrl, child, logs);
      server.clockStart = time;
      server.startedAt = Date.now();
    } catch (err) {
      child.kill('SIGKILL');
      throw err;
    }
    return child;
  };
  const halt = async (child: ChildProcess) => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const server: TestServer = {
    baseUrl,
    clockStart: new Date(0),
    startedAt: 0,
    logs,
    dataDir: path.join(dataRoot, 'pglite'),
    restart: async (opts) => {
      const clockStart = opts.clockStart ?? new Date(server.clockStart.getTime() + (Date.now() - server.startedAt));
      await halt(child);
      await opts.whileStopped?.();
      output += `\n--- restarted with the clock at ${clockStart.toISOString()} ---\n`;
      child = await launch(clockStart);
    },
    stop: async () => {
      await halt(child);
      fs.rmSync(dataRoot, { recursive: true, force: true });
    },
  };
  // The app, and its clock at OCTOFLOW_CLOCK_START, start on the first health check; a test's
  // estimate of the server's time is anchored on the time that check reports (estimating it from
  // the launch instead lagged by the app's start-up, seconds on a busy machine, and a complaint
  // stamped that way could predate the contact it was about).
  let child = await launch(morningInShanghai());
  return server;
}
