// A locale's messages: the shared catalogue messages/<locale>.json plus one file per feature
// namespace in messages/<locale>/<namespace>.json (so features add strings without editing a
// shared file). Feature namespaces are registered in ./namespaces.ts for typing.
import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from './config';

export function loadMessages(locale: Locale): Record<string, unknown> {
  const root = path.join(process.cwd(), 'messages');
  const base = JSON.parse(fs.readFileSync(path.join(root, `${locale}.json`), 'utf8')) as Record<string, unknown>;
  const dir = path.join(root, locale);
  if (fs.existsSync(dir)) {
    for (const file of fs.readdirSync(dir).sort()) {
      if (!file.endsWith('.json')) continue;
      const ns = file.slice(0, -'.json'.length);
      if (ns in base) throw new Error(`messages/${locale}/${file} redefines the namespace "${ns}" of messages/${locale}.json`);
      base[ns] = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
    }
  }
  return base;
}
