'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { Button, Input, InputNumber, Segmented, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { checkCondition, type Catalog } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { useLocalValue } from '@/app/_components/flow/use-local-value';
import {
  builderToCel,
  celToBuilder,
  conditionFields,
  defaultValue,
  emptyRule,
  OPS_BY_TYPE,
  type Builder,
  type FieldOption,
  type Join,
  type Op,
  type Rule,
} from './condition-rules';

const MODE_KEY = 'octoflow.conditionMode';
type Mode = 'builder' | 'text';

export interface ConditionBuilderProps {
  id: string;
  testId: string;
  value: string;
  onChange(v: string): void;
  catalog: Catalog;
  eventType: string | undefined;
  readOnly: boolean;
  allowEmpty: boolean;
  placeholder: string;
  maxLength?: number;
}

/**
 * A condition, point and click: pick a customer tag or event attribute (with its type), an
 * operator that fits the type and a value (a list for enum tags); rules join in and/or groups.
 * It writes the CEL expression. "Expression" mode edits the text directly, with the checker's
 * errors highlighted where they are.
 */
export function ConditionBuilder(p: ConditionBuilderProps) {
  const t = useTranslations('designerTools.condition');
  const fields = useMemo(() => conditionFields(p.catalog, p.eventType), [p.catalog, p.eventType]);
  const parsed = useMemo(() => celToBuilder(p.value, fields), [p.value, fields]);
  // The expression as typed: the value passed in can be a moment behind (see useLocalValue).
  const [text, type] = useLocalValue(p.value, p.onChange);
  const [mode, setMode] = useState<Mode>(() => {
    if (!parsed) return 'text';
    try {
      return (window.localStorage.getItem(MODE_KEY) as Mode | null) ?? 'builder';
    } catch {
      return 'builder';
    }
  });
  const choose = (m: Mode) => {
    setMode(m);
    try {
      window.localStorage.setItem(MODE_KEY, m);
    } catch {
      // a preference only
    }
  };

  return (
    <div data-testid={`${p.testId}-condition`}>
      <Segmented
        size="small"
        value={mode}
        onChange={(v) => choose(v as Mode)}
        options={[
          { value: 'builder', label: <span data-testid="condition-mode-builder">{t('builder')}</span>, disabled: !parsed },
          { value: 'text', label: <span data-testid="condition-mode-text">{t('text')}</span> },
        ]}
        style={{ marginBottom: 8 }}
        aria-label={t('mode')}
      />
      {mode === 'builder' && parsed ? (
        <RuleEditor builder={parsed} fields={fields} readOnly={p.readOnly} onChange={(b) => p.onChange(builderToCel(b, fields))} />
      ) : (
        <>
          {!parsed && <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginBottom: 4 }}>{t('tooComplex')}</Typography.Paragraph>}
          <Input.TextArea
            id={p.id}
            data-testid={p.testId}
            value={text}
            onChange={(e) => type(e.target.value)}
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={p.maxLength}
            spellCheck={false}
            placeholder={p.placeholder}
            style={{ fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
          />
          <ErrorHighlight expr={p.value} catalog={p.catalog} eventType={p.eventType} allowEmpty={p.allowEmpty} />
        </>
      )}
      {mode === 'builder' && p.value && (
        <Typography.Text code style={{ display: 'block', marginTop: 6, fontSize: 11, whiteSpace: 'pre-wrap' }} data-testid="condition-cel">
          {p.value}
        </Typography.Text>
      )}
    </div>
  );
}

/** The expression with each checker error's range marked, and the errors under it. */
function ErrorHighlight({ expr, catalog, eventType, allowEmpty }: { expr: string; catalog: Catalog; eventType: string | undefined; allowEmpty: boolean }) {
  const locale = useLocale();
  const check = useMemo(() => checkCondition(expr, { catalog, eventType, allowEmpty }), [expr, catalog, eventType, allowEmpty]);
  const ranged = check.errors.filter((e) => e.start !== undefined && e.end !== undefined && e.end > e.start);
  if (!expr.trim() || !ranged.length) return null;
  const first = ranged[0]!;
  return (
    <div data-testid="condition-error-highlight" style={{ marginTop: 6 }}>
      <pre style={{ margin: 0, padding: 6, background: '#fafafa', borderRadius: 4, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
        {expr.slice(0, first.start)}
        <mark style={{ background: '#ffccc7', textDecoration: 'underline wavy #cf1322' }} data-testid="condition-error-mark">
          {expr.slice(first.start, first.end) || ' '}
        </mark>
        {expr.slice(first.end)}
      </pre>
      <Typography.Text type="danger" style={{ fontSize: 12 }}>
        {pickText(first.message, locale)}
      </Typography.Text>
    </div>
  );
}

function RuleEditor({ builder, fields, readOnly, onChange }: { builder: Builder; fields: FieldOption[]; readOnly: boolean; onChange(b: Builder): void }) {
  const t = useTranslations('designerTools.condition');
  const joinOptions = [
    { value: 'and', label: t('and') },
    { value: 'or', label: t('or') },
  ];
  const setGroup = (gi: number, rules: Rule[], join = builder.groups[gi]!.join) =>
    onChange({ ...builder, groups: builder.groups.map((g, i) => (i === gi ? { join, rules } : g)).filter((g) => g.rules.length > 0 || builder.groups.length === 1) });
  return (
    <div data-testid="condition-builder">
      {builder.groups.map((g, gi) => (
        <div key={gi} style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 8, marginBottom: 8 }} data-testid={`condition-group-${gi}`}>
          {gi > 0 && (
            <Segmented size="small" value={builder.join} options={joinOptions} onChange={(v) => onChange({ ...builder, join: v as Join })} disabled={readOnly} style={{ marginBottom: 6 }} aria-label={t('joinGroups')} />
          )}
          {g.rules.length > 1 && (
            <div style={{ marginBottom: 6 }}>
              <Segmented size="small" value={g.join} options={joinOptions} onChange={(v) => setGroup(gi, g.rules, v as Join)} disabled={readOnly} aria-label={t('joinRules')} data-testid={`condition-join-${gi}`} />
            </div>
          )}
          {g.rules.map((r, ri) => (
            <RuleRow
              key={ri}
              rule={r}
              index={`${gi}-${ri}`}
              fields={fields}
              readOnly={readOnly}
              onChange={(nr) => setGroup(gi, g.rules.map((x, i) => (i === ri ? nr : x)))}
              onRemove={() => setGroup(gi, g.rules.filter((_, i) => i !== ri))}
            />
          ))}
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setGroup(gi, [...g.rules, emptyRule(fields[0])])} disabled={readOnly} data-testid={`condition-add-${gi}`}>
            {t('addRule')}
          </Button>
        </div>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => onChange({ ...builder, groups: [...builder.groups, { join: 'and', rules: [emptyRule(fields[0])] }] })} disabled={readOnly} data-testid="condition-add-group">
        {t('addGroup')}
      </Button>
    </div>
  );
}

function RuleRow({ rule, index, fields, readOnly, onChange, onRemove }: { rule: Rule; index: string; fields: FieldOption[]; readOnly: boolean; onChange(r: Rule): void; onRemove(): void }) {
  const t = useTranslations('designerTools.condition');
  const locale = useLocale();
  const field = fields.find((f) => f.path === rule.field);
  const fieldLabel = (f: FieldOption) => `${pickText(f.label, locale)} (${f.path}, ${t(`types.${f.type}`)})`;
  const ops = field ? OPS_BY_TYPE[field.type] : [];
  const pickField = (path: string) => {
    const f = fields.find((x) => x.path === path);
    if (f) onChange(emptyRule(f));
  };
  const pickOp = (op: Op) => onChange({ ...rule, op, value: field && (op === 'in') !== Array.isArray(rule.value) ? defaultValue(field, op) : rule.value });
  // Two lines (field, then operator and value) so a rule fits the side panel.
  return (
    <div style={{ marginBottom: 8 }} data-testid={`condition-rule-${index}`}>
      <Select
        id={`condition-field-${index}`}
        aria-label={t('field')}
        style={{ width: '100%', marginBottom: 4 }}
        showSearch={{ optionFilterProp: 'label' }}
        value={rule.field || undefined}
        placeholder={t('field')}
        onChange={pickField}
        disabled={readOnly}
        popupMatchSelectWidth={320}
        options={[
          { label: t('customerTags'), options: fields.filter((f) => f.source === 'customer').map((f) => ({ value: f.path, label: fieldLabel(f) })) },
          { label: t('eventAttributes'), options: fields.filter((f) => f.source === 'event').map((f) => ({ value: f.path, label: fieldLabel(f) })) },
        ].filter((g) => g.options.length > 0)}
      />
      <Space.Compact block>
      <Select
        id={`condition-op-${index}`}
        aria-label={t('operator')}
        style={{ width: '40%' }}
        value={rule.op}
        onChange={pickOp}
        disabled={readOnly || !field}
        popupMatchSelectWidth={160}
        options={ops.map((o) => ({ value: o, label: t(`ops.${o}`) }))}
      />
      {field && field.type !== 'bool' && (
        <ValueInput field={field} rule={rule} index={index} readOnly={readOnly} onChange={(value) => onChange({ ...rule, value })} />
      )}
      <Button icon={<DeleteOutlined />} onClick={onRemove} disabled={readOnly} aria-label={t('removeRule')} data-testid={`condition-remove-${index}`} />
      </Space.Compact>
    </div>
  );
}

function ValueInput({ field, rule, index, readOnly, onChange }: { field: FieldOption; rule: Rule; index: string; readOnly: boolean; onChange(v: Rule['value']): void }) {
  const t = useTranslations('designerTools.condition');
  const locale = useLocale();
  const id = `condition-value-${index}`;
  if (field.type === 'enum') {
    // The label people read beside the code the condition is written with: `5G畅享套餐 · unlimited_5g`.
    const optionLabel = (v: string) => (field.valueLabels?.[v] ? `${pickText(field.valueLabels[v], locale)} · ${v}` : v);
    return (
      <Select
        id={id}
        aria-label={t('value')}
        style={{ flex: 1, minWidth: 0 }}
        mode={rule.op === 'in' ? 'multiple' : undefined}
        value={rule.value as string | string[]}
        onChange={(v: string | string[]) => onChange(v)}
        disabled={readOnly}
        options={(field.values ?? []).map((v) => ({ value: v, label: optionLabel(v) }))}
      />
    );
  }
  if (field.type === 'int' || field.type === 'double') {
    return (
      <InputNumber
        id={id}
        aria-label={t('value')}
        style={{ flex: 1, minWidth: 0 }}
        value={typeof rule.value === 'number' ? rule.value : 0}
        precision={field.type === 'int' ? 0 : undefined}
        onChange={(v) => onChange(typeof v === 'number' ? v : 0)}
        disabled={readOnly}
      />
    );
  }
  return <TextValue id={id} label={t('value')} value={typeof rule.value === 'string' ? rule.value : ''} onChange={onChange} readOnly={readOnly} />;
}

/** A text value, kept as typed while the rule it belongs to catches up (see useLocalValue). */
function TextValue({ id, label, value, onChange, readOnly }: { id: string; label: string; value: string; onChange(v: string): void; readOnly: boolean }) {
  const [text, type] = useLocalValue(value, onChange);
  return <Input id={id} aria-label={label} style={{ flex: 1, minWidth: 0 }} value={text} onChange={(e) => type(e.target.value)} disabled={readOnly} />;
}

