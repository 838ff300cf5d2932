import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKind, kindFormSchema, NODE_KINDS, nodeKinds } from '../../workflows';

type JsonSchema = { properties?: Record<string, JsonSchema & { label?: { en: string; zh: string } }>; oneOf?: JsonSchema[]; anyOf?: JsonSchema[] };

function labelledFields(schema: JsonSchema): Array<[string, unknown]> {
  const variants = schema.oneOf ?? schema.anyOf ?? [schema];
  return variants.flatMap((v) => Object.entries(v.properties ?? {}).map(([k, p]): [string, unknown] => [k, p.label]));
}

describe('node kind registry', () => {
  it('should list every kind once, each defined in its own module with both languages', () => {
    expect(NODE_KINDS).toEqual(Object.keys(nodeKinds));
    for (const kind of NODE_KINDS) {
      const def = getKind(kind)!;
      expect(def.kind).toBe(kind);
      expect(def.label.en.length).toBeGreaterThan(0);
      expect(def.label.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(['entry', 'decision', 'time', 'contact', 'people', 'outcome', 'data']).toContain(def.category);
    }
  });

  it('should have defaults its own schema accepts, and unique output ports', () => {
    for (const kind of NODE_KINDS) {
      const def = getKind(kind)!;
      const parsed = def.params.safeParse(def.defaults);
      expect(parsed.success, kind).toBe(true);
      const ports = def.outputs(parsed.data);
      expect(new Set(ports).size, kind).toBe(ports.length);
    }
    expect(getKind('end')!.outputs({})).toEqual([]);
  });

  it('should give the designer a form schema with a bilingual label on every field', () => {
    for (const kind of NODE_KINDS) {
      for (const [field, label] of labelledFields(kindFormSchema(kind) as JsonSchema)) {
        expect(label, `${kind}.${field}`).toEqual({ en: expect.any(String), zh: expect.any(String) });
      }
    }
  });

  it('should document every kind in the flow-language table of states, events and actions', () => {
    const doc = readFileSync(join(__dirname, '../../docs/flow-language.md'), 'utf8');
    const table = doc.slice(doc.indexOf('### Node kinds'));
    for (const kind of NODE_KINDS) {
      const row = table.split('\n').find((line) => line.startsWith(`| \`${kind}\` | ${getKind(kind)!.category} |`));
      expect(row, kind).toBeDefined();
      expect(row!.split(' | ').at(-1)!.length, kind).toBeGreaterThan(10);
    }
  });

  it('should not find kinds through the prototype', () => {
    expect(getKind('toString')).toBeUndefined();
    expect(getKind('__proto__')).toBeUndefined();
  });
});
