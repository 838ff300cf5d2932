import type { MachineConfigJson } from './compile';

/**
 * What a run is waiting for, read from the compiled machine rather than from node kinds, so the
 * runtime routes events to every kind that waits (wait_event, goal, and kinds yet to come)
 * without a list of kinds to keep in sync.
 */
export interface Awaiting {
  nodeId: string;
  /** Touchpoint event types that can move the run on (`octo.event` with an eventMatches guard). */
  eventTypes: string[];
  /** A timer (`octo.timer`) can move it on. */
  timer: boolean;
  /** An approval decision (`octo.approval`) can move it on. */
  approval: boolean;
}

type Transition = { guard?: { type?: string; params?: { eventType?: unknown } } };

function list(v: unknown): Transition[] {
  if (Array.isArray(v)) return v as Transition[];
  return v && typeof v === 'object' ? [v as Transition] : [];
}

/** The state a snapshot value is in (flows are flat: the value is a node id), or null. */
export function awaiting(machine: MachineConfigJson, value: unknown): Awaiting | null {
  if (typeof value !== 'string' || !Object.prototype.hasOwnProperty.call(machine.states, value)) return null;
  const on = machine.states[value].on as Record<string, unknown> | undefined;
  if (!on) return null;
  const eventTypes = list(on['octo.event'])
    .map((tr) => tr.guard?.params?.eventType)
    .filter((x): x is string => typeof x === 'string');
  const timer = list(on['octo.timer']).length > 0;
  const approval = list(on['octo.approval']).length > 0;
  return { nodeId: value, eventTypes: [...new Set(eventTypes)].sort(), timer, approval };
}
