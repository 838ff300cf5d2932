import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { buildMachine, compileFlow, demoCatalog, startMachine, stepMachine, validateFlow, type FlowContext } from '../../workflows';
import { end, exampleFlow, flow, sms, trigger, wait } from './helpers';

const compiled = (input: unknown) => compileFlow(validateFlow(input, demoCatalog).graph!);
const input = (customer: Record<string, unknown>): FlowContext => ({
  customerId: 'c-1',
  customer,
  trigger: { type: 'data_usage_80pct', attributes: { pct: 80, plan_gb: 20 }, occurredAt: '2025-03-18T09:30:00.000Z' },
  visits: {},
});
const summary = (actions: Array<{ type: string; params?: unknown }>) => actions.map((a) => ({ type: a.type, params: a.params }));

describe('buildMachine with xstate pure transitions', () => {
  it('should run the example to the end and return its actions as data', () => {
    const machine = buildMachine(compiled(exampleFlow()).machine, { catalog: demoCatalog });
    const [snapshot, actions] = initialTransition(machine, input({ name: '张伟', arpu: 88.5, opted_out: false }));
    expect(snapshot.status).toBe('done');
    expect(snapshot.value).toBe('end_contacted');
    expect(summary(actions)).toEqual([
      { type: 'step', params: { nodeId: 'trigger', kind: 'trigger', outcome: 'entered' } },
      { type: 'step', params: { nodeId: 'check_value', kind: 'condition', outcome: 'yes' } },
      { type: 'contact', params: { nodeId: 'sms_offer', channel: 'sms', offerId: 'offer_5gb_10cny', template: expect.stringContaining('{{customer.name}}') } },
      { type: 'step', params: { nodeId: 'sms_offer', kind: 'sms', outcome: 'contact_requested' } },
      { type: 'step', params: { nodeId: 'end_contacted', kind: 'end', outcome: 'exited' } },
    ]);
  });

  it('should take the no branch for an opted-out customer and for a missing tag', () => {
    const machine = buildMachine(compiled(exampleFlow()).machine, { catalog: demoCatalog });
    expect(initialTransition(machine, input({ arpu: 88.5, opted_out: true }))[0].value).toBe('end_skipped');
    expect(initialTransition(machine, input({ arpu: 88.5 }))[0].value).toBe('end_skipped');
  });

  it('should not execute custom actions during pure transitions', () => {
    const machine = buildMachine(compiled(exampleFlow()).machine).provide({
      actions: {
        contact: () => {
          throw new Error('a pure transition must not send anything');
        },
      },
    });
    expect(() => initialTransition(machine, input({ arpu: 88.5, opted_out: false }))).not.toThrow();
  });

  it('should wait for its own timer, survive a JSON round trip of the snapshot, and go on', () => {
    const machine = buildMachine(
      compiled(flow([trigger(), wait('w', 1), sms('s', 'Hi'), end()], [['start', 'out', 'w'], ['w', 'out', 's'], ['s', 'out', 'done']])).machine,
    );
    const [waiting, first] = initialTransition(machine, input({}));
    expect(waiting.value).toBe('w');
    expect(summary(first)).toContainEqual({ type: 'startTimer', params: { nodeId: 'w', delayMs: 86_400_000 } });

    // The runtime persists the snapshot as JSON and restores it before the timer fires.
    const restored = machine.resolveState(JSON.parse(JSON.stringify(waiting)));
    const [same, none] = transition(machine, restored, { type: 'octo.timer', nodeId: 'someone_else' });
    expect(same.value).toBe('w');
    expect(none).toEqual([]);

    const [done, actions] = transition(machine, restored, { type: 'octo.timer', nodeId: 'w' });
    expect(done.status).toBe('done');
    expect(summary(actions).map((a) => `${a.type}:${(a.params as { outcome?: string }).outcome ?? ''}`)).toEqual([
      'step:elapsed',
      'contact:',
      'step:contact_requested',
      'step:exited',
    ]);
  });

  it('should step the same with the runtime\'s reused scope as with xstate\'s, call after call, actions never leaking between calls', () => {
    const machine = buildMachine(
      compiled(flow([trigger(), wait('w', 1), sms('s', 'Hi'), end()], [['start', 'out', 'w'], ['w', 'out', 's'], ['s', 'out', 'done']])).machine,
    );
    const example = buildMachine(compiled(exampleFlow()).machine, { catalog: demoCatalog });
    for (const customer of [{ name: '张伟', arpu: 88.5, opted_out: false }, { arpu: 88.5, opted_out: true }, { arpu: 88.5, opted_out: false }]) {
      const [ours, ourActions] = startMachine(example, input(customer));
      const [theirs, theirActions] = initialTransition(example, input(customer));
      expect(ours.value).toEqual(theirs.value);
      expect(ours.status).toBe(theirs.status);
      expect(summary(ourActions)).toEqual(summary(theirActions));
    }
    const [waiting, first] = startMachine(machine, input({}));
    expect(summary(first)).toEqual(summary(initialTransition(machine, input({}))[1]));
    const restored = machine.resolveState(JSON.parse(JSON.stringify(waiting)));
    for (const nodeId of ['someone_else', 'w', 'w']) {
      const [ours, ourActions] = stepMachine(machine, restored, { type: 'octo.timer', nodeId });
      const [theirs, theirActions] = transition(machine, restored, { type: 'octo.timer', nodeId });
      expect(ours.value).toEqual(theirs.value);
      expect(ours.context).toEqual(theirs.context);
      expect(summary(ourActions)).toEqual(summary(theirActions));
    }
  });
});
