import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKind, kindFormSchema, kindValueLabels, NODE_KINDS, nodeKinds } from '../../workflows';
import { DEPARTMENTS } from '../../workflows/kinds/approval';

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

  it('should name every choice of every setting in both languages, so the designer never shows a code', () => {
    // Departments are named where the whole app names them (shell.departments).
    const enums: Array<[string, string[], Record<string, unknown> | undefined]> = [];
    const walk = (path: string, node: unknown) => {
      if (!node || typeof node !== 'object') return;
      const s = node as Record<string, unknown>;
      if (Array.isArray(s.enum) && !s.enum.every((v) => (DEPARTMENTS as readonly unknown[]).includes(v))) {
        enums.push([path, s.enum as string[], s.valueLabels as Record<string, unknown> | undefined]);
      }
      for (const [k, v] of Object.entries(s)) walk(`${path}.${k}`, v);
    };
    for (const kind of NODE_KINDS) walk(kind, kindFormSchema(kind));
    expect(enums.map(([path]) => path)).toEqual(
      expect.arrayContaining(['outbound_call.properties.priority', 'frontline_opportunity.properties.shopScope', 'scheduled_audience.properties.repeat']),
    );
    for (const [path, values, labels] of enums) {
      for (const v of values) {
        expect(labels?.[v], `${path} ${v}`).toEqual({ en: expect.stringMatching(/\S/), zh: expect.stringMatching(/[\u4e00-\u9fff]/) });
      }
    }
    expect(kindValueLabels('outbound_call').priority.high).toEqual({ en: 'High', zh: '高' });
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
