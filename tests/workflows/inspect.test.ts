import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { awaiting, compileFlow, demoCatalog, validateFlow } from '../../workflows';

const compiled = compileFlow(
  validateFlow(JSON.parse(readFileSync(join(__dirname, '../../workflows/examples/contract-renewal.json'), 'utf8')), demoCatalog).graph!,
);

describe('awaiting', () => {
  it('should tell the runtime which events, timers or decisions a state waits for', () => {
    expect(awaiting(compiled.machine, 'reply')).toEqual({ nodeId: 'reply', eventTypes: ['sms_reply'], timer: true, approval: false });
    expect(awaiting(compiled.machine, 'renewed')).toEqual({ nodeId: 'renewed', eventTypes: ['order_placed'], timer: true, approval: false });
    expect(awaiting(compiled.machine, 'sign_off')).toEqual({ nodeId: 'sign_off', eventTypes: [], timer: true, approval: true });
    expect(awaiting(compiled.machine, 'morning')).toEqual({ nodeId: 'morning', eventTypes: [], timer: true, approval: false });
  });

  it('should say nothing for states that do not wait, finished runs or odd values', () => {
    expect(awaiting(compiled.machine, 'done')).toBeNull();
    expect(awaiting(compiled.machine, 'tier')).toBeNull();
    expect(awaiting(compiled.machine, 'toString')).toBeNull();
    expect(awaiting(compiled.machine, { a: 'b' })).toBeNull();
  });
});
