// Event types have declared schemas (the catalog the flow language type-checks against). An
// event is checked against its type's schema at intake, so a flow never sees a `pct` that is a
// string. Declared attributes are optional but typed; undeclared ones pass through untouched.
import { findEventType, type Catalog, type FieldDef } from '../../workflows';

function typeError(f: FieldDef, value: unknown): string | null {
  switch (f.type) {
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? null : 'expected a whole number';
    case 'double':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'expected a number';
    case 'string':
      return typeof value === 'string' ? null : 'expected a string';
    case 'bool':
      return typeof value === 'boolean' ? null : 'expected true or false';
    case 'enum':
      return typeof value === 'string' && (f.values ?? []).includes(value)
        ? null
        : `expected one of ${(f.values ?? []).join(', ')}`;
  }
}

/** The first problem of an event against its declared type, naming the field; null if none. */
export function checkEventAgainstCatalog(
  catalog: Catalog,
  event: { type: string; attributes?: Record<string, unknown> },
): string | null {
  const def = findEventType(catalog, event.type);
  if (!def) return `type: unknown event type "${event.type}"; declared types are ${catalog.eventTypes.map((e) => e.type).join(', ')}`;
  const attrs = event.attributes ?? {};
  for (const f of def.attributes) {
    if (!Object.prototype.hasOwnProperty.call(attrs, f.name) || attrs[f.name] === null) continue;
    const problem = typeError(f, attrs[f.name]);
    if (problem) return `attributes.${f.name}: ${problem} for ${event.type}, got ${JSON.stringify(attrs[f.name]).slice(0, 60)}`;
  }
  return null;
}
