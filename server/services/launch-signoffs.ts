// Launch sign-offs (issue 6): the approval nodes a designer draws BEFORE a flow's entry say which
// departments must sign the version off before it may run, in series (a1 -> a2 -> entry) or in
// parallel (a1 -> entry, a2 -> entry). The flow language (workflows/) does not know launch
// sign-offs yet, so they are split off here before validation and kept with the version; with
// none drawn, the campaign's own department signs it off.
import { z } from 'zod';
import { isEntryKind, type FlowGraph } from '../../workflows';
import { Duration, durationMs } from '../../workflows/kinds/duration';

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

/**
 * Splits a draft into the launch sign-off steps and the flow that runs. A launch sign-off is an
 * approval node whose "approved" output leads, through other such nodes only, into the entry.
 */
export function splitLaunchSignoffs(graph: FlowGraph, campaignDepartment: string): { flow: FlowGraph; steps: SignoffStep[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const entry = graph.nodes.find((n) => isEntryKind(n.kind));
  const launch = new Set<string>();
  if (entry) {
    const stack = [entry.id];
    while (stack.length) {
      const target = stack.pop()!;
      for (const e of graph.edges) {
        const source = byId.get(e.source);
        if (e.target === target && source?.kind === 'approval' && e.sourcePort === 'approved' && !launch.has(source.id)) {
          launch.add(source.id);
          stack.push(source.id);
        }
      }
    }
  }
  if (launch.size === 0) {
    return { flow: graph, steps: [{ id: DEFAULT_STEP_ID, department: campaignDepartment, role: null, note: '', after: [] }] };
  }
  const steps = graph.nodes
    .filter((n) => launch.has(n.id))
    .map((n) => {
      const p = n.params as { department?: unknown; role?: unknown; note?: unknown };
      return {
        id: n.id,
        department: String(p.department ?? campaignDepartment),
        role: typeof p.role === 'string' && p.role ? p.role : null,
        note: typeof p.note === 'string' ? p.note : '',
        after: graph.edges.filter((e) => e.target === n.id && launch.has(e.source) && e.sourcePort === 'approved').map((e) => e.source),
        timeoutMs: timeoutOf(p as { timeout?: unknown }),
      };
    });
  const flow: FlowGraph = {
    ...graph,
    nodes: graph.nodes.filter((n) => !launch.has(n.id)),
    edges: graph.edges.filter((e) => !launch.has(e.source) && !launch.has(e.target)),
  };
  return { flow, steps };
}

/** The approval node's "give up after", in ms (undefined when not readable). */
function timeoutOf(p: { timeout?: unknown }): number | undefined {
  const d = Duration.safeParse(p.timeout);
  return d.success ? durationMs(d.data) : undefined;
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
    : [{ id: DEFAULT_STEP_ID, department: campaignDepartment, role: null, note: '', after: [] }];
}
