'use client';
// A refused save inside a form: the fields the server refused (the API's `data.fields`) get their
// messages under them, as the form's own rules would, and the rest of the refusal (a conflict, a
// field this form does not show) stays above the fields. Used inside an antd <Form>.
import { useEffect, useMemo } from 'react';
import { Alert, Form } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { callError } from '@/app/_lib/trpc-error';
import type { FieldIssue } from '@/server/services/field-issue';

/** The form field an input path (`['caps', 'perDay']`) is about, or null when the form has none. */
export type FieldOf = (path: FieldIssue['path']) => NamePath | null;

const samePath: FieldOf = (path) => (path.length ? path : null);

/** Splits a refusal into errors for the mounted fields it names and the text that names none. */
export function placeIssues(fields: FieldIssue[], fieldOf: FieldOf, mounted: (name: NamePath) => boolean) {
  const placed = new Map<string, { name: NamePath; errors: string[] }>();
  const unplaced: string[] = [];
  for (const f of fields) {
    const name = fieldOf(f.path);
    if (name === null || !mounted(name)) {
      unplaced.push(f.path.length ? `${f.path.join('.')}: ${f.message}` : f.message);
      continue;
    }
    const key = JSON.stringify(name);
    const at = placed.get(key) ?? { name, errors: [] };
    at.errors.push(f.message);
    placed.set(key, at);
  }
  return { placed: [...placed.values()], unplaced };
}

export function ServerError({ error, fieldOf = samePath }: { error: unknown; fieldOf?: FieldOf }) {
  const form = Form.useFormInstance();
  const refusal = useMemo(() => (error ? callError(error) : null), [error]);
  // A field is the form's when it is mounted: getFieldsValue() holds only mounted fields' values.
  const split = useMemo(() => {
    if (!refusal) return null;
    const values = form.getFieldsValue() as Record<string | number, unknown>;
    const mounted = (name: NamePath) => (Array.isArray(name) ? name[0] : name) in values;
    return placeIssues(refusal.fields, fieldOf, mounted);
  }, [refusal, fieldOf, form]);
  useEffect(() => {
    if (split?.placed.length) form.setFields(split.placed);
  }, [split, form]);
  if (!refusal || !split) return null;
  // Everything placed under its field: nothing more to say above them.
  if (refusal.fields.length && !split.unplaced.length) return null;
  const text = refusal.fields.length ? split.unplaced.join('; ') : refusal.message;
  return <Alert type="error" showIcon title={text} style={{ marginBottom: 12 }} data-testid="form-error" />;
}
