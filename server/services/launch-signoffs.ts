// Launch sign-offs (issue 6): the approval nodes a designer draws BEFORE a flow's entry say which
// departments must sign the version off before it may run, in series (a1 -> a2 -> entry) or in
// parallel (a1 -> entry, a2 -> entry). The flow language recognises, validates and compiles them
// (workflows/signoffs.ts, CompiledFlow.signoffs, covered by the version's hash); this file turns
// the compiled list into the steps a version stores, and tracks where each step stands. With none
// drawn, the campaign's own department signs it off.
import { z } from 'zod';
import type { CompiledFlow } from '../../workflows';

export const SignoffStep = z.object({
  /** The approval node's id, or 'department' for the default sign-off. */
  id: z.string().min(1),
  department: z.string().min(1),
  role: z.string().nullable(),
  note: z.string(),
  /** Steps that must be approved before this one opens (serial sign-off). */
  after: z.array(z.string()),
  /** How long the step may stay open before it is escalated to the head office. */
  timeoutMs: z.number().int().positive().optional(),
});
export type SignoffStep = z.infer<typeof SignoffStep>;
export const SignoffSteps = z.array(SignoffStep);

export const DEFAULT_STEP_ID = 'department';

/** The steps of a compiled version: its launch sign-offs as drawn, or the campaign's department. */
export function signoffSteps(compiled: Pick<CompiledFlow, 'signoffs'>, campaignDepartment: string): SignoffStep[] {
  if (compiled.signoffs.length === 0) return [defaultStep(campaignDepartment)];
  return compiled.signoffs.map((s) => ({ id: s.nodeId, department: s.department, role: s.role, note: s.note, after: s.after, timeoutMs: s.timeoutMs }));
}

function defaultStep(campaignDepartment: string): SignoffStep {
  return { id: DEFAULT_STEP_ID, department: campaignDepartment, role: null, note: '', after: [] };
}

/** A step with no timeout of its own (the default sign-off) escalates after two days. */
export const DEFAULT_SIGNOFF_TIMEOUT_MS = 2 * 24 * 3600_000;

export type StepState = 'approved' | 'rejected' | 'open' | 'blocked';

export interface Decision {
  stepId: string;
  decision: string;
  approverId: string;
  versionHash: string;
}

/** Where each step stands given the decisions on the version's hash. */
export function stepStates(steps: SignoffStep[], decisions: Decision[], hash: string): Map<string, StepState> {
  const onHash = decisions.filter((d) => d.versionHash === hash);
  const decided = new Map(onHash.map((d) => [d.stepId, d.decision]));
  const states = new Map<string, StepState>();
  for (const s of steps) {
    const d = decided.get(s.id);
    if (d === 'approved' || d === 'rejected') states.set(s.id, d);
    else states.set(s.id, s.after.every((a) => decided.get(a) === 'approved') ? 'open' : 'blocked');
  }
  return states;
}

/** The steps of a stored version: recorded ones, or the default for versions stored before. */
export function versionSteps(stored: unknown, campaignDepartment: string): SignoffStep[] {
  const parsed = SignoffSteps.safeParse(stored);
  return parsed.success && parsed.data.length
    ? parsed.data
    : [defaultStep(campaignDepartment)];
}
