'use client';
import { useLocale, useMessages, useTranslations } from 'next-intl';
import { Button, Card, Form, Input, InputNumber, Select, Space, Switch, Typography } from 'antd';
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { findEventType, type Catalog, type NodeKind } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import type { FlowIssue } from '@/app/_lib/flow-issue';
import { ConditionBuilder } from '@/app/_components/condition/condition-builder';
import { useLocalValue } from '@/app/_components/flow/use-local-value';
import { emptyValue, kindFields, type FieldSpec } from './form-schema';
import { hasWordingTemplates, WordingPicker } from './wording-picker';
import { ApproverRoleSelect, CATALOG_WIDGETS, CatalogSelect, TagsSelect, type CatalogWidget } from './catalog-pickers';

/**
 * The settings form of a node, generated from its kind's params schema (n8n-style): each field
 * type and `widget` hint maps to a control; problems from validateFlow show under their field.
 */

export interface ParamFormProps {
  nodeId: string;
  kind: NodeKind;
  params: Record<string, unknown>;
  /**
   * A change, as a function of the node's params at the moment it is applied (not of the params
   * this form last rendered with): two changes made before a re-render both stand.
   */
  onChange(update: (params: Record<string, unknown>) => Record<string, unknown>): void;
  /** This node's problems; those naming a field appear under it. */
  issues: FlowIssue[];
  catalog: Catalog;
  /** The flow's trigger event: what `event.*` means in conditions and templates. */
  eventType: string | undefined;
  readOnly: boolean;
}

interface FieldProps {
  spec: FieldSpec;
  path: string;
  value: unknown;
  /** The change to this field's value, as a function of its value when applied. */
  onChange(update: (value: unknown) => unknown): void;
  form: ParamFormProps;
}

/** Every field path the form renders, so problems for other paths can be listed above it. */
export function renderedPaths(kind: NodeKind, params: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const walk = (spec: FieldSpec, path: string, value: unknown) => {
    out.add(path);
    if (spec.type === 'object') for (const f of spec.fields) walk(f, join(path, f.key), (value as Record<string, unknown> | undefined)?.[f.key]);
    if (spec.type === 'array' && Array.isArray(value)) value.forEach((v, i) => walk(spec.item, join(path, String(i)), v));
  };
  for (const f of kindFields(kind)) walk(f, f.key, params[f.key]);
  return out;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
const asItems = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asRecord = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

export function ParamForm(props: ParamFormProps) {
  const fields = kindFields(props.kind);
  return (
    <Form layout="vertical" component="div" disabled={props.readOnly} data-testid="param-form">
      {fields.map((spec) => (
        <Field
          key={spec.key}
          spec={spec}
          path={spec.key}
          value={props.params[spec.key]}
          onChange={(update) => props.onChange((params) => setKey(params, spec.key, update(params[spec.key])))}
          form={props}
        />
      ))}
    </Form>
  );
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const next = { ...obj };
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

function Field({ spec, path, value, onChange, form }: FieldProps) {
  const locale = useLocale();
  const id = `param-${form.nodeId}-${path.replace(/\./g, '-')}`;
  const label = spec.label ? pickText(spec.label, locale) : spec.key;
  const errors = form.issues.filter((i) => i.field === path);
  const help = errors.length ? errors.map((e) => pickText(e.message, locale)).join(' ') : spec.description ? pickText(spec.description, locale) : undefined;
  const item = { label, htmlFor: id, validateStatus: errors.length ? ('error' as const) : undefined, help, required: spec.required };

  if (spec.type === 'object') {
    const obj = asRecord(value);
    return (
      <fieldset style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: '4px 12px 0', marginBottom: 16 }}>
        <legend style={{ fontSize: 14, width: 'auto', padding: '0 4px', margin: 0, border: 0 }}>{label}</legend>
        {errors.length > 0 && <Typography.Text type="danger">{help}</Typography.Text>}
        {spec.fields.map((f) => (
          <Field key={f.key} spec={f} path={join(path, f.key)} value={obj[f.key]} onChange={(update) => onChange((prev) => setKey(asRecord(prev), f.key, update(asRecord(prev)[f.key])))} form={form} />
        ))}
      </fieldset>
    );
  }
  if (spec.type === 'array' && spec.widget === 'tags') {
    return (
      <Form.Item {...item}>
        <TagsSelect
          id={id}
          testId={`param-${path.replace(/\./g, '-')}`}
          required={spec.required}
          disabled={form.readOnly}
          catalog={form.catalog}
          value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []}
          onChange={(v) => onChange(() => v)}
        />
      </Form.Item>
    );
  }
  if (spec.type === 'array') return <ArrayField spec={spec} path={path} value={value} onChange={onChange} form={form} label={label} help={errors.length ? help : undefined} />;

  return (
    <Form.Item {...item}>
      <Control spec={spec} id={id} path={path} value={value} onChange={(v) => onChange(() => v)} form={form} />
    </Form.Item>
  );
}

function ArrayField({ spec, path, value, onChange, form, label, help }: FieldProps & { label: string; help?: string }) {
  const t = useTranslations('designer.form');
  const tt = useTranslations('designerTools');
  if (spec.type !== 'array') return null;
  const items = asItems(value);
  const set = (i: number, update: (v: unknown) => unknown) => onChange((prev) => asItems(prev).map((x, j) => (j === i ? update(x) : x)));
  // Order matters (switch cases and offers are checked top to bottom): swap with a neighbour.
  const move = (i: number, to: number) =>
    onChange((prev) => {
      const next = [...asItems(prev)];
      [next[i], next[to]] = [next[to], next[i]];
      return next;
    });
  return (
    <fieldset style={{ border: 0, padding: 0, margin: '0 0 16px' }}>
      <legend style={{ fontSize: 14, marginBottom: 8, border: 0 }}>{label}</legend>
      {help && <Typography.Text type="danger">{help}</Typography.Text>}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {items.map((itemValue, i) => (
          <Card
            key={i}
            size="small"
            title={t('item', { n: i + 1 })}
            extra={
              <Space size={0}>
                {items.length > 1 && (
                  <>
                    <Button size="small" type="text" icon={<ArrowUpOutlined />} aria-label={tt('moveItemUp', { n: i + 1 })} disabled={form.readOnly || i === 0} onClick={() => move(i, i - 1)} />
                    <Button size="small" type="text" icon={<ArrowDownOutlined />} aria-label={tt('moveItemDown', { n: i + 1 })} disabled={form.readOnly || i === items.length - 1} onClick={() => move(i, i + 1)} />
                  </>
                )}
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('removeItem', { n: i + 1 })}
                  disabled={form.readOnly || items.length <= (spec.minItems ?? 0)}
                  onClick={() => onChange((prev) => asItems(prev).filter((_, j) => j !== i))}
                />
              </Space>
            }
          >
            <Field spec={{ ...spec.item, label: undefined }} path={join(path, String(i))} value={itemValue} onChange={(update) => set(i, update)} form={form} />
          </Card>
        ))}
        <Button
          icon={<PlusOutlined />}
          block
          disabled={form.readOnly || items.length >= (spec.maxItems ?? Infinity)}
          onClick={() => onChange((prev) => [...asItems(prev), emptyValue(spec.item, asItems(prev))])}
        >
          {t('addItem')}
        </Button>
      </Space>
    </fieldset>
  );
}

function Control({ spec, id, path, value, onChange, form }: { spec: FieldSpec; id: string; path: string; value: unknown; onChange(v: unknown): void; form: ParamFormProps }) {
  const locale = useLocale();
  const t = useTranslations('designer.form');
  const messages = useMessages();
  // Departments (an approval's department) by the names the app uses elsewhere.
  const departments: Record<string, string> = messages.shell.departments;
  const testId = `param-${path.replace(/\./g, '-')}`;
  const str = typeof value === 'string' ? value : '';
  // An emptied optional field is removed, so its default (or absence) applies.
  const setText = (v: string) => onChange(v === '' && !spec.required ? undefined : v);

  if (spec.type === 'string' && spec.widget && CATALOG_WIDGETS.includes(spec.widget)) {
    return (
      <CatalogSelect
        id={id}
        testId={testId}
        required={spec.required}
        disabled={form.readOnly}
        widget={spec.widget as CatalogWidget}
        catalog={form.catalog}
        value={str}
        onChange={onChange}
      />
    );
  }
  switch (spec.type) {
    case 'string':
      switch (spec.widget) {
        case 'role':
          return (
            <ApproverRoleSelect
              id={id}
              testId={testId}
              required={spec.required}
              disabled={form.readOnly}
              department={typeof form.params.department === 'string' ? form.params.department : ''}
              value={str}
              onChange={onChange}
            />
          );
        case 'condition':
          return (
            <ConditionBuilder
              id={id}
              testId={testId}
              value={str}
              onChange={setText}
              catalog={form.catalog}
              eventType={form.eventType}
              readOnly={form.readOnly}
              allowEmpty={!spec.required}
              maxLength={spec.maxLength}
              placeholder={t('conditionPlaceholder')}
            />
          );
        case 'template':
          return (
            <>
              {hasWordingTemplates(form.kind) && (
                <WordingPicker
                  id={`${id}-wording`}
                  testId={testId}
                  kind={form.kind}
                  value={str}
                  maxLength={spec.maxLength}
                  catalog={form.catalog}
                  eventType={form.eventType}
                  readOnly={form.readOnly}
                  onChange={(text) => onChange(text)}
                />
              )}
              <TemplateText
                id={id}
                testId={testId}
                value={str}
                onChange={setText}
                maxLength={spec.maxLength}
                placeholder={spec.placeholder ? pickText(spec.placeholder, locale) : undefined}
                form={form}
              />
            </>
          );
        default:
          return <PlainText id={id} testId={testId} value={str} maxLength={spec.maxLength} onChange={setText} />;
      }
    case 'number':
      return <NumberField id={id} testId={testId} value={typeof value === 'number' ? value : undefined} onChange={onChange} spec={spec} />;
    case 'enum':
      return (
        <Select
          id={id}
          data-testid={testId}
          value={typeof value === 'string' ? value : undefined}
          onChange={(v: string) => onChange(v)}
          options={spec.values.map((v) => ({ value: v, label: spec.valueLabels?.[v] ? pickText(spec.valueLabels[v], locale) : (departments[v] ?? v) }))}
        />
      );
    case 'boolean':
      return <Switch id={id} data-testid={testId} checked={value === true} onChange={(v) => onChange(v)} />;
    default:
      return <UnknownField id={id} value={value} onChange={onChange} />;
  }
}

interface TextProps {
  id: string;
  testId: string;
  value: string;
  onChange(text: string): void;
  maxLength: number | undefined;
}

// Text fields keep what is typed themselves (useLocalValue): the form is drawn from the graph a
// moment behind, and a field following it would drop keys typed faster than that.
function PlainText({ id, testId, value, onChange, maxLength }: TextProps) {
  const [text, type] = useLocalValue(value, onChange);
  return <Input id={id} data-testid={testId} value={text} maxLength={maxLength} onChange={(e) => type(e.target.value)} />;
}

/** A number, kept as typed like the text fields (useLocalValue). */
function NumberField({ id, testId, value, onChange, spec }: { id: string; testId: string; value: number | undefined; onChange(v: number | undefined): void; spec: Extract<FieldSpec, { type: 'number' }> }) {
  const [number, type] = useLocalValue(value, onChange);
  return (
    <InputNumber
      id={id}
      data-testid={testId}
      value={number ?? null}
      min={spec.min}
      max={spec.max}
      precision={spec.integer ? 0 : undefined}
      onChange={(v) => type(v ?? undefined)}
      style={{ width: '100%' }}
    />
  );
}

/** A message: its text, and "insert a field" appending a placeholder to it. */
function TemplateText({ id, testId, value, onChange, maxLength, placeholder, form }: TextProps & { placeholder: string | undefined; form: ParamFormProps }) {
  const [text, type] = useLocalValue(value, onChange);
  return (
    <>
      <Input.TextArea
        id={id}
        data-testid={testId}
        value={text}
        onChange={(e) => type(e.target.value)}
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={maxLength}
        showCount
        placeholder={placeholder}
      />
      <FieldPicker form={form} onPick={(f) => type(`${text}{{${f}}}`)} disabled={form.readOnly} />
    </>
  );
}

/** Settings the generator has no control for yet: edited as JSON, applied when it parses. */
function UnknownField({ id, value, onChange }: { id: string; value: unknown; onChange(v: unknown): void }) {
  return (
    <Input.TextArea
      id={id}
      defaultValue={JSON.stringify(value ?? null, null, 2)}
      autoSize={{ minRows: 2, maxRows: 8 }}
      style={{ fontFamily: 'ui-monospace, monospace' }}
      onBlur={(e) => {
        try {
          onChange(JSON.parse(e.target.value));
        } catch {
          /* keep the last valid value; validation shows what is wrong with it */
        }
      }}
    />
  );
}

/** "Insert a field": the customer tags and the trigger event's attributes, from the catalog. */
function FieldPicker({ form, onPick, disabled }: { form: ParamFormProps; onPick(path: string): void; disabled: boolean }) {
  const locale = useLocale();
  const t = useTranslations('designer.form');
  const event = form.eventType ? findEventType(form.catalog, form.eventType) : undefined;
  const options = [
    { label: t('customerTags'), options: form.catalog.tags.map((f) => ({ value: `customer.${f.name}`, label: `${pickText(f.label, locale)} · customer.${f.name}` })) },
    ...(event ? [{ label: t('eventAttributes'), options: event.attributes.map((f) => ({ value: `event.${f.name}`, label: `${pickText(f.label, locale)} · event.${f.name}` })) }] : []),
  ];
  return (
    <Select
      size="small"
      aria-label={t('insertField')}
      placeholder={t('insertField')}
      value={null}
      disabled={disabled}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%', marginTop: 6 }}
      options={options}
      onChange={(v: string | null) => v && onPick(v)}
    />
  );
}
