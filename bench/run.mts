// `npm run bench [-- name…]`: runs each bench/<name>.bench.mts in its own process, one after
// another (so they do not disturb each other's figures), and writes their markdown sections to
// docs/benchmarks.md with the command and the machine. Benchmarks report ratios against a
// baseline measured in the same run, never pass/fail timings.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const dir = path.dirname(new URL(import.meta.url).pathname);
const wanted = process.argv.slice(2);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mts'))
  .map((f) => f.slice(0, -'.bench.mts'.length))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();
if (benches.length === 0) {
  console.error(`no benchmark matches ${wanted.join(', ')}`);
  process.exit(1);
}

const sections: string[] = [];
for (const name of benches) {
  console.error(`== bench ${name}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.bench.mts`)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    console.error(`bench ${name} failed (exit ${r.status})`);
    process.exit(1);
  }
  sections.push(r.stdout.trim());
  console.log(r.stdout.trim());
}

const out = path.join(dir, '..', 'docs', 'benchmarks.md');
const header = [
  '# Benchmarks',
  '',
  `\`npm run bench\` runs them all; each section names the command that produced it. Last updated by \`npm run bench${wanted.length ? ` -- ${wanted.join(' ')}` : ''}\` on ${new Date().toISOString().slice(0, 10)}, `
    + `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}.`,
  'Each section compares against a baseline measured in the same run, so the ratio holds on a noisy machine.',
  '',
].join('\n');
// Keep sections of benchmarks not run this time.
const previous = fs.existsSync(out) ? fs.readFileSync(out, 'utf8') : '';
const kept = previous
  .split(/^(?=## )/m)
  .filter((s) => s.startsWith('## ') && !benches.some((b) => s.includes(`<!-- bench:${b} -->`)));
fs.writeFileSync(out, [header, ...kept.map((s) => s.trim()), ...sections].join('\n\n') + '\n');
console.error(`wrote ${path.relative(process.cwd(), out)}`);
