import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The catalogue of each locale: messages/<locale>.json plus the feature namespaces in
// messages/<locale>/<namespace>.json (see app/i18n/load-messages.ts).
function load(locale: string): Record<string, unknown> {
  const root = path.resolve(__dirname, '../../messages');
  const base = JSON.parse(fs.readFileSync(path.join(root, `${locale}.json`), 'utf8')) as Record<string, unknown>;
  const dir = path.join(root, locale);
  if (fs.existsSync(dir)) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      base[file.slice(0, -5)] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  return base;
}

function leaves(obj: unknown, prefix = ''): Array<[string, unknown]> {
  if (!obj || typeof obj !== 'object') return [[prefix, obj]];
  return Object.entries(obj).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe('messages', () => {
  const en = leaves(load('en'));
  const zh = leaves(load('zh-CN'));

  it('should have the same keys in Simplified Chinese and English', () => {
    expect(zh.map(([k]) => k).sort()).toEqual(en.map(([k]) => k).sort());
  });

  it('should have no empty message', () => {
    expect([...en, ...zh].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k)).toEqual([]);
  });
});
