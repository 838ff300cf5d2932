import type { Catalog } from './catalog';
import { explainCondition, type ConditionScope, type Explanation } from './conditions';
import { apiEventType, catalogWithApiEntry, type ApiAttribute } from './enrolment';
import type { ScheduleSpec } from './schedule';
import { scheduleOf } from './kinds/scheduled-audience';

/**
 * How customers enter a flow. A flow has exactly one entry node, of one of three kinds:
 * - `trigger` → `{ kind: 'event' }`: a touchpoint event of a type (real time);
 * - `scheduled_audience` → `{ kind: 'schedule' }`: at set times, every customer whose tags meet
 *   the condition (batch);
 * - `api_entry` → `{ kind: 'api' }`: a partner or upstream system enrols a customer.
 * The runtime reads `CompiledFlow.entries` to know which; the context of a run says how it
 * started in `trigger.type`: the event type, `'schedule'` or `'api:<nodeId>'`.
 */

export type CompiledEntry =
  | { nodeId: string; kind: 'event'; eventType: string; condition: string }
  | { nodeId: string; kind: 'schedule'; condition: string; schedule: ScheduleSpec }
  | { nodeId: string; kind: 'api'; condition: string; attributes: ApiAttribute[] };

export type EntryKind = CompiledEntry['kind'];

/** The compiled entry of an entry node with parsed params; undefined for other nodes. */
export function entryOfNode(node: { id: string; kind: string; params: Record<string, unknown> }): CompiledEntry | undefined {
  const p = node.params;
  switch (node.kind) {
    case 'trigger':
      return { nodeId: node.id, kind: 'event', eventType: String(p.eventType), condition: String(p.condition ?? '') };
    case 'scheduled_audience': {
      const schedule = scheduleOf(p as Parameters<typeof scheduleOf>[0]);
      return schedule ? { nodeId: node.id, kind: 'schedule', condition: String(p.condition ?? ''), schedule } : undefined;
    }
    case 'api_entry':
      return { nodeId: node.id, kind: 'api', condition: String(p.condition ?? ''), attributes: (p.attributes ?? []) as ApiAttribute[] };
    default:
      return undefined;
  }
}

/** `context.trigger.type` of a run started through this entry. */
export function entryTriggerType(entry: CompiledEntry): string {
  return entry.kind === 'event' ? entry.eventType : entry.kind === 'schedule' ? 'schedule' : apiEventType(entry.nodeId);
}

/**
 * What `event.*` means in the flow's conditions and templates: the trigger's event type, the API
 * entry's declared attributes, or nothing for a scheduled audience.
 */
export function entryScope(catalog: Catalog, entry: CompiledEntry | undefined): ConditionScope & { catalog: Catalog } {
  if (!entry) return { catalog };
  if (entry.kind === 'event') return { catalog, eventType: entry.eventType };
  if (entry.kind === 'api') return { catalog: catalogWithApiEntry(catalog, entry.nodeId, entry.attributes), eventType: apiEventType(entry.nodeId) };
  return { catalog };
}

/**
 * Does the entry's condition admit this customer (with the event's or enrolment's attributes)?
 * The runtime asks before starting a run; an empty condition admits everyone. Never throws.
 */
export function explainEntry(
  entry: CompiledEntry,
  data: { customer: Record<string, unknown>; attributes?: Record<string, unknown> },
  catalog?: Catalog,
): Explanation {
  const scope: ConditionScope = catalog ? entryScope(catalog, entry) : {};
  return explainCondition(entry.condition, { customer: data.customer, event: entry.kind === 'schedule' ? {} : (data.attributes ?? {}) }, scope);
}

export function entryAdmits(
  entry: CompiledEntry,
  data: { customer: Record<string, unknown>; attributes?: Record<string, unknown> },
  catalog?: Catalog,
): boolean {
  return explainEntry(entry, data, catalog).value;
}
