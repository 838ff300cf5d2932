import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const example = join(root, 'workflows/examples/data-usage-upsell.json');
const run = (...args: string[]) => {
  const out = spawnSync(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'workflows/cli.ts'), ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  return { code: out.status, stdout: out.stdout, stderr: out.stderr };
};

describe('flow CLI', () => {
  it('should validate the example and exit 0', () => {
    const { code, stdout } = run('validate', example);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({ ok: true, issues: [] });
  });

  it('should print issues and exit 1 for an invalid flow', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ version: 1, nodes: [], edges: [] }));
    const { code, stdout } = run('validate', file);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).issues[0].rule).toBe('no_trigger');
  });

  it('should compile to the machine and hash', () => {
    const { code, stdout } = run('compile', example);
    expect(code).toBe(0);
    const compiled = JSON.parse(stdout);
    expect(compiled.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(compiled.machine.initial).toBe('trigger');
  });

  it('should simulate a customer and print the path', () => {
    const { code, stdout } = run(
      'simulate',
      example,
      join(root, 'workflows/examples/simulation/customer-zhang.json'),
      join(root, 'workflows/examples/simulation/events-data-usage.json'),
    );
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(result.status).toBe('done');
    expect(result.path.map((s: { nodeId: string }) => s.nodeId)).toEqual(['trigger', 'check_value', 'sms_offer', 'end_contacted']);
    expect(result.contacts[0].text).toContain('尊敬的张伟');
  });

  it('should deliver approval decisions and later events from the events file', () => {
    const { code, stdout } = run(
      'simulate',
      join(root, 'workflows/examples/contract-renewal.json'),
      join(root, 'workflows/examples/simulation/customer-zhou-gold.json'),
      join(root, 'workflows/examples/simulation/events-contract-gold.json'),
    );
    expect(code).toBe(0);
    const outcomes = JSON.parse(stdout).path.map((s: { nodeId: string; outcome: string }) => `${s.nodeId}:${s.outcome}`);
    expect(outcomes).toContain('sign_off:approved');
    expect(outcomes).toContain('renewed:converted');
  });

  it('should exit 2 with a message for a missing file', () => {
    const { code, stderr } = run('validate', '/nonexistent/flow.json');
    expect(code).toBe(2);
    expect(stderr).toContain('cannot read flow file');
  });

  it('should name the node, the rule and the problem in both languages', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
    const file = join(dir, 'batch.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        nodes: [
          { id: 'batch', kind: 'scheduled_audience', position: { x: 0, y: 0 }, params: { condition: 'customer.value_tier == "gold"', repeat: 'monthly' } },
          { id: 'done', kind: 'end', position: { x: 0, y: 100 }, params: {} },
        ],
        edges: [{ id: 'e1', source: 'batch', sourcePort: 'out', target: 'done' }],
      }),
    );
    const { code, stdout } = run('compile', file);
    expect(code).toBe(1);
    expect(JSON.parse(stdout).issues).toEqual([
      {
        nodeId: 'batch',
        rule: 'bad_schedule',
        field: 'monthday',
        message: { en: 'Scheduled audience node "batch": choose the day of the month it runs on.', zh: '定时客群节点“batch”：请选择每月几号执行。' },
      },
    ]);
  });

  it('should simulate a scheduled batch from the first run after the given start, and an API enrolment', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flow-cli-'));
    const events = join(dir, 'events.json');
    writeFileSync(events, JSON.stringify({ trigger: { type: 'schedule' }, start: '2025-06-03T00:00:00.000Z' }));
    const batch = run('simulate', join(root, 'workflows/examples/weekly-gold-batch.json'), join(root, 'workflows/examples/simulation/customer-zhou-gold.json'), events);
    expect(batch.code).toBe(0);
    expect(JSON.parse(batch.stdout).path[0]).toMatchObject({ nodeId: 'audience', at: '2025-06-09T02:00:00.000Z' });

    const enrol = run(
      'simulate',
      join(root, 'workflows/examples/partner-card-enrolment.json'),
      join(root, 'workflows/examples/simulation/customer-zhou-gold.json'),
      join(root, 'workflows/examples/simulation/events-partner-card.json'),
    );
    expect(enrol.code).toBe(0);
    const outcomes = JSON.parse(enrol.stdout).path.map((s: { nodeId: string; outcome: string }) => `${s.nodeId}:${s.outcome}`);
    expect(outcomes).toEqual(['enrolled:entered', 'platinum:yes', 'call:contact_requested', 'claimed:waiting', 'claimed:converted', 'tell_bank:contact_requested', 'converted:exited']);
  });

  it('should run as `npm run flow` from a sub-folder, reading paths relative to it', () => {
    const out = spawnSync('npm', ['run', '-s', 'flow', '--', 'validate', 'inbound-call-offer.json'], {
      encoding: 'utf8',
      cwd: join(root, 'workflows/examples'),
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'production' },
    });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, issues: [] });
  });

  it('should simulate each of the eight examples with its sample customer and events to the end', () => {
    const sim = join(root, 'workflows/examples/simulation');
    const cases: Array<[flow: string, customer: string, events: string, last: string]> = [
      ['data-usage-upsell', 'customer-zhang', 'events-data-usage', 'end_contacted'],
      ['contract-renewal', 'customer-zhou-gold', 'events-contract-gold', 'done'],
      ['roaming-day-pass', 'customer-zhang', 'events-roaming', 'end_converted'],
      ['inbound-call-offer', 'customer-zhao-heavy', 'events-inbound-call', 'converted'],
      ['low-balance-top-up', 'customer-qian-prepaid', 'events-low-balance', 'done'],
      ['weekly-gold-batch', 'customer-zhou-gold', 'events-weekly-gold', 'converted'],
      ['partner-card-enrolment', 'customer-zhou-gold', 'events-partner-card', 'converted'],
      ['family-plan-holiday-batch', 'customer-zhou-gold', 'events-family-plan', 'converted'],
    ];
    for (const [flow, customer, events, last] of cases) {
      const { code, stdout } = run('simulate', join(root, `workflows/examples/${flow}.json`), join(sim, `${customer}.json`), join(sim, `${events}.json`));
      expect(code, flow).toBe(0);
      const result = JSON.parse(stdout);
      expect(result.status, flow).toBe('done');
      expect(result.path.at(-1).nodeId, flow).toBe(last);
    }
    // Eight CLI processes one after another: on the shared 2-core machine each start takes seconds.
  }, 240_000);
});

