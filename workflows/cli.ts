/**
 * Command line for the flow language (the only Node-specific file in workflows/):
 *   npm run flow -- validate <flow.json> [--catalog <catalog.json>]
 *   npm run flow -- compile  <flow.json> [--catalog <catalog.json>]
 *   npm run flow -- simulate <flow.json> <customer.json> <events.json> [--catalog <catalog.json>]
 * events.json: either { "trigger": {type, attributes, at}, "events": [...], "decisions"?: [...],
 * "eligibility"?: {productId: bool}, "start"?: ISO time } or an array whose first element is the
 * trigger. The trigger of a scheduled audience is { "type": "schedule", "at"? } (without "at": the
 * first run after "start"); of an API entry { "type": "api", "attributes": {...}, "at"? }.
 * Exit codes: 0 ok, 1 the flow is invalid (issues as JSON on stdout), 2 usage or file error.
 * Relative paths are read from the directory npm was run in (INIT_CWD), not the package root.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Catalog, demoCatalog } from './catalog';
import { compileFlow } from './compile';
import { simulateFlow, type SimulatedEvent, type SimulateInput } from './simulate';
import { validateFlow } from './validate';

class UsageError extends Error {}

function readJson(file: string | undefined, what: string): unknown {
  if (!file) throw new UsageError(`missing ${what} file`);
  let text: string;
  try {
    // `npm run flow` runs in the package root; INIT_CWD is where the user typed the command.
    text = readFileSync(resolve(process.env.INIT_CWD ?? process.cwd(), file), 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} file ${file}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${what} file ${file} is not JSON: ${(err as Error).message}`);
  }
}

function print(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}

function main(argv: string[]): number {
  const args = [...argv];
  let catalog: Catalog = demoCatalog;
  const at = args.indexOf('--catalog');
  if (at >= 0) {
    const parsed = Catalog.safeParse(readJson(args[at + 1], 'catalog'));
    if (!parsed.success) throw new UsageError(`catalog is not valid: ${parsed.error.message}`);
    catalog = parsed.data;
    args.splice(at, 2);
  }
  const [command, flowFile, customerFile, eventsFile] = args;
  if (command !== 'validate' && command !== 'compile' && command !== 'simulate') {
    throw new UsageError('usage: flow validate|compile|simulate <flow.json> [customer.json events.json] [--catalog file]');
  }
  const result = validateFlow(readJson(flowFile, 'flow'), catalog);
  if (command === 'validate' || !result.ok || !result.graph) {
    print({ ok: result.ok, issues: result.issues });
    return result.ok ? 0 : 1;
  }
  if (command === 'compile') {
    print(compileFlow(result.graph));
    return 0;
  }
  const customer = readJson(customerFile, 'customer');
  const raw = readJson(eventsFile, 'events');
  const list = Array.isArray(raw) ? raw : undefined;
  const obj = !list && raw && typeof raw === 'object' ? (raw as { trigger?: unknown; events?: unknown; decisions?: unknown; eligibility?: unknown; start?: unknown }) : undefined;
  const start = typeof obj?.start === 'string' ? new Date(obj.start) : undefined;
  if (start && Number.isNaN(start.getTime())) throw new UsageError(`events file: "start" is not a time: ${obj?.start as string}`);
  const trigger = (list ? list[0] : obj?.trigger) as { type?: unknown } | undefined;
  const events = (list ? list.slice(1) : Array.isArray(obj?.events) ? obj.events : []) as SimulatedEvent[];
  if (!customer || typeof customer !== 'object' || Array.isArray(customer)) throw new UsageError('customer file must hold a JSON object of tags');
  if (!trigger || typeof trigger.type !== 'string') throw new UsageError('events file must give the trigger event with a "type"');
  const simulated = simulateFlow(result.graph, {
    customer: customer as Record<string, unknown>,
    trigger: trigger as { type: string },
    events,
    catalog,
    ...(start ? { start } : {}),
    ...(Array.isArray(obj?.decisions) ? { decisions: obj.decisions as SimulateInput['decisions'] } : {}),
    ...(obj?.eligibility && typeof obj.eligibility === 'object' ? { eligibility: obj.eligibility as Record<string, boolean> } : {}),
  });
  print(simulated);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`${err instanceof UsageError ? err.message : String(err)}\n`);
  process.exitCode = 2;
}
