// Event types have declared schemas (the catalog the flow language type-checks against). An
// event is checked against its type's schema at intake, so a flow never sees a `pct` that is a
// string. Declared attributes are optional but typed; undeclared ones pass through untouched —
// except in a tag update, whose attributes are the tags it changes: each must be a declared tag.
// Every way in (HTTP, NATS, a replayed dead letter) runs this one check.
import { findEventType, t, type Catalog, type LocalizedText } from '../../workflows';
import { checkTagUpdate, TAGS_UPDATED } from '../services/customer-tags';
import { fieldValueRefusal, valueProblem } from './value-problem';

/** The first problem of an event against its declared type, naming the field, in both languages; null if none. */
export function checkEventAgainstCatalog(
  catalog: Catalog,
  event: { type: string; attributes?: Record<string, unknown> },
): LocalizedText | null {
  const def = findEventType(catalog, event.type);
  if (!def) {
    const declared = catalog.eventTypes.map((e) => e.type);
    return t(
      `type: unknown event type "${event.type}"; declared types are ${declared.join(', ')}`,
      `type：未声明的事件类型“${event.type}”；已声明的类型：${declared.join('、')}`,
    );
  }
  const attrs = event.attributes ?? {};
  if (event.type === TAGS_UPDATED) return checkTagUpdate(catalog, attrs);
  for (const f of def.attributes) {
    if (!Object.prototype.hasOwnProperty.call(attrs, f.name) || attrs[f.name] === null) continue;
    const problem = valueProblem(f, attrs[f.name]);
    if (problem) return fieldValueRefusal(`attributes.${f.name}`, problem, attrs[f.name], ` for ${event.type}`, `（事件类型 ${event.type}）`);
  }
  return null;
}
