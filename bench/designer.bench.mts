// Designer (issue 5) in real Chromium against `next start`: how long a generated 300-node flow
// takes to open and draw, and how smoothly a node drags on it (frames per second, from
// requestAnimationFrame timestamps during a scripted drag), against a baseline measured in the
// same run: the same page with a 10-node flow. Targets: open < 1.5 s, drag >= 30 fps.
//
// Serves the build in OCTOFLOW_DIST_DIR (or .next) with `next start` on a fresh embedded database;
// build first (`OCTOFLOW_DIST_DIR=… npx next build`). Or set E2E_BASE_URL to a running server.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchBrowser, signIn } from '../tests/browser/support/browser';
import { createLargeFlowCampaign } from '../tests/browser/support/large-flow';

const RUNS = Number(process.env.BENCH_DESIGNER_RUNS ?? 5);
const log = (m: string) => process.stderr.write(`[designer bench] ${m}\n`);

/** Navigation start to the canvas drawing its nodes, measured by the page's own clock. */
async function openTime(page: Page, url: string, size: number): Promise<number> {
  await page.goto('about:blank');
  await page.goto(url);
  await page.waitForFunction(
    (n) => {
      const canvas = document.querySelector(`[data-testid="designer-canvas"][data-node-count="${n}"]`);
      const drawn = canvas?.querySelectorAll('.react-flow__node');
      return !!drawn && drawn.length > 0 && [...drawn].every((el) => (el as HTMLElement).style.visibility !== 'hidden');
    },
    size,
    { timeout: 60_000, polling: 'raf' },
  );
  return page.evaluate(() => performance.now());
}

/** Drags the first visible node in a circle for ~2 s and reports frames per second and the slowest frame. */
async function dragFps(page: Page): Promise<{ fps: number; p95: number }> {
  const handle = page.locator('.react-flow__node').first();
  const box = (await handle.boundingBox())!;
  // A string, not a function: tsx's name helpers would not exist in the page.
  await page.evaluate(`(() => {
    window.__frames = [];
    window.__stop = false;
    const tick = (t) => { window.__frames.push(t); if (!window.__stop) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const x0 = box.x + 40;
  const y0 = box.y + 12;
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  for (let s = 0; s < 120; s++) {
    const a = (s / 120) * Math.PI * 2;
    await page.mouse.move(x0 + 120 * Math.sin(a), y0 + 80 * (1 - Math.cos(a)));
  }
  await page.mouse.up();
  const frames = await page.evaluate(() => {
    const w = window as unknown as { __frames: number[]; __stop: boolean };
    w.__stop = true;
    return w.__frames;
  });
  const gaps = frames.slice(1).map((t, i) => t - frames[i]!).sort((a, b) => a - b);
  const span = frames[frames.length - 1]! - frames[0]!;
  return { fps: ((frames.length - 1) / span) * 1000, p95: gaps[Math.floor(gaps.length * 0.95)] ?? 0 };
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

async function startServer(): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  if (process.env.E2E_BASE_URL) return { baseUrl: process.env.E2E_BASE_URL, stop: async () => {} };
  const dist = process.env.OCTOFLOW_DIST_DIR || '.next';
  if (!fs.existsSync(path.join(ROOT, dist, 'BUILD_ID'))) throw new Error(`no build in ${dist}: run OCTOFLOW_DIST_DIR=${dist} npx next build first`);
  const port = await new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(p));
    });
  });
  const data = fs.mkdtempSync(path.join(os.tmpdir(), 'octoflow-bench-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['node_modules/next/dist/bin/next', 'start', '-p', String(port)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', OCTOFLOW_DATA_DIR: path.join(data, 'pglite'), BETTER_AUTH_URL: baseUrl },
    stdio: 'ignore',
  });
  for (let i = 0; i < 360; i++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    if (await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(data, { recursive: true, force: true });
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const server = await startServer();
const browser = await launchBrowser();
const rows: string[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('dialog', (d) => void d.accept());
  await signIn(page, server.baseUrl, 'designer@octoflow.demo');
  const results: Record<number, { open: number; fps: number; p95: number }> = {};
  let whole = { fps: 0, p95: 0 };
  for (const size of [10, 300]) {
    const id = await createLargeFlowCampaign(page, server.baseUrl, size);
    const url = `${server.baseUrl}/campaigns/${id}`;
    await openTime(page, url, size); // warm-up: compiles the route's chunks into the cache
    const opens: number[] = [];
    const fps: number[] = [];
    const p95: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      opens.push(await openTime(page, url, size));
      await page.waitForTimeout(1600); // the canvas settles its first fit
      const d = await dragFps(page);
      fps.push(d.fps);
      p95.push(d.p95);
      log(`${size} nodes run ${r + 1}: open ${opens.at(-1)!.toFixed(0)} ms, drag ${d.fps.toFixed(1)} fps (p95 frame ${d.p95.toFixed(1)} ms)`);
    }
    results[size] = { open: median(opens), fps: median(fps), p95: median(p95) };
    if (size === 300) {
      // The whole flow in view (the fit button): every node is drawn and repainted while dragging.
      const wf: number[] = [];
      const wp: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        await page.getByTestId('tool-fit').click();
        await page.waitForTimeout(800);
        const d = await dragFps(page);
        wf.push(d.fps);
        wp.push(d.p95);
        log(`${size} nodes fitted whole run ${r + 1}: drag ${d.fps.toFixed(1)} fps (p95 frame ${d.p95.toFixed(1)} ms)`);
      }
      whole = { fps: median(wf), p95: median(wp) };
    }
  }
  const base = results[10]!;
  const big = results[300]!;
  rows.push(
    `| 10 (baseline) | ${base.open.toFixed(0)} | 1.0× | ${base.fps.toFixed(1)} | ${base.p95.toFixed(1)} |`,
    `| 300 | ${big.open.toFixed(0)} | ${(big.open / base.open).toFixed(1)}× | ${big.fps.toFixed(1)} | ${big.p95.toFixed(1)} |`,
    `| 300, zoomed out to the whole flow | – | – | ${whole.fps.toFixed(1)} | ${whole.p95.toFixed(1)} |`,
  );
  const verdict = `300 nodes: open ${big.open < 1500 ? 'meets' : 'misses'} the 1.5 s target, drag ${big.fps >= 30 ? 'meets' : 'misses'} the 30 fps target (${whole.fps >= 30 ? 'also' : 'but not'} zoomed out to the whole flow).`;
  await context.close();
  console.log(
    [
      '## Designer: open and drag a large flow',
      '<!-- bench:designer -->',
      '',
      'Command: `npm run bench -- designer` (runs `BENCH_DESIGNER_RUNS`, default 5; uses the build in `OCTOFLOW_DIST_DIR` or `.next`).',
      '',
      `Real Chromium (headless, ${os.cpus()[0]?.model ?? 'unknown CPU'}) against \`next start\`, 1440×900, median of ${RUNS} runs after a warm-up. "Open": navigation start to the canvas drawing its nodes (page clock). "Drag": a node dragged in a loop by 120 scripted mouse moves; frames per second and the 95th-percentile frame interval from requestAnimationFrame timestamps. Baseline: the same page with a 10-node flow. Flows above 120 nodes open on their entry at a readable zoom and draw only the nodes in view; the last row drags with the whole flow fitted in view (the fit button), where every node is drawn.`,
      '',
      '| nodes | open (ms) | × baseline | drag (fps) | p95 frame (ms) |',
      '| ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
      verdict,
    ].join('\n'),
  );
} finally {
  await browser.close();
  await server.stop();
}
