// XState's pure `initialTransition` / `transition`, without their per-call set-up. Each of those
// builds and initialises a throwaway actor (xstate's createInertActorScope: an actor, its initial
// snapshot, an actor system) on every call, a few percent of a busy runtime's CPU. The scope a
// machine is handed holds nothing of one step: flow machines invoke and spawn nothing (so the
// system never gets children), and a step's actions are collected through the executor set for
// that call. Steps are synchronous, so one scope per machine is reused, one call at a time.
import { createActor, type AnyActorScope, type AnyMachineSnapshot, type AnyStateMachine, type EventObject, type ExecutableActionObject } from 'xstate';

const scopes = new WeakMap<AnyStateMachine, AnyActorScope>();
const nothing = () => {};

function scopeOf(machine: AnyStateMachine): AnyActorScope {
  let scope = scopes.get(machine);
  if (!scope) {
    const self = createActor(machine);
    scope = { self, defer: nothing, id: '', logger: nothing, sessionId: '', stopChild: nothing, system: self.system, emit: nothing, actionExecutor: nothing } as AnyActorScope;
    scopes.set(machine, scope);
  }
  return scope;
}

function collect<S>(machine: AnyStateMachine, run: (scope: AnyActorScope) => S): [S, ExecutableActionObject[]] {
  const scope = scopeOf(machine);
  const actions: ExecutableActionObject[] = [];
  scope.actionExecutor = (action) => void actions.push(action);
  try {
    return [run(scope), actions];
  } finally {
    scope.actionExecutor = nothing;
  }
}

/** As xstate's `initialTransition(machine, input)`: the first snapshot and the actions it runs. */
export function startMachine<M extends AnyStateMachine>(machine: M, input: unknown): [AnyMachineSnapshot, ExecutableActionObject[]] {
  return collect(machine, (scope) => machine.getInitialSnapshot(scope, input) as AnyMachineSnapshot);
}

/** As xstate's `transition(machine, snapshot, event)`: the next snapshot and the actions it runs. */
export function stepMachine<M extends AnyStateMachine>(machine: M, snapshot: AnyMachineSnapshot, event: EventObject & Record<string, unknown>): [AnyMachineSnapshot, ExecutableActionObject[]] {
  return collect(machine, (scope) => machine.transition(snapshot, event, scope) as AnyMachineSnapshot);
}
