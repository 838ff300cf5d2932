'use client';
// How people read an enum's values (`unlimited_5g` → 5G畅享套餐 / Unlimited 5G): one row per
// declared value, a label in each language, either optional. Part of a dialog's form (a customer
// tag's, an event type attribute's): the fields are `<name>.<value>.zh|en`, named as the API names
// them (`valueLabels.<value>.zh`, `attributes.<i>.valueLabels.<value>.zh`), so a refused label
// shows under it.
import { useTranslations } from 'next-intl';
import { Form, Input, Table, Typography } from 'antd';

/** A value's labels as the form holds them; blank means none. */
export type ValueLabelsForm = Record<string, { zh?: string | null; en?: string | null } | undefined>;

/** The labels to save: the declared values' only (the form keeps those of values removed since), trimmed, blanks left out. */
export function valueLabelsToSave(values: string[], form: ValueLabelsForm | undefined): Record<string, { zh?: string; en?: string }> {
  const out: Record<string, { zh?: string; en?: string }> = {};
  for (const v of values) {
    const zh = form?.[v]?.zh?.trim();
    const en = form?.[v]?.en?.trim();
    if (zh || en) out[v] = { ...(zh ? { zh } : {}), ...(en ? { en } : {}) };
  }
  return out;
}

/** A value's label in the reader's language, else in the other one; undefined when it has none. */
export function valueLabelIn(labels: Record<string, { zh?: string; en?: string }> | undefined, value: string, locale: string): string | undefined {
  const l = labels?.[value];
  return locale === 'en' ? l?.en || l?.zh : l?.zh || l?.en;
}

export function ValueLabelsEditor({
  values,
  name = ['valueLabels'],
  hint,
  testId,
}: {
  values: string[];
  /** Where the form keeps the labels (inside a Form.List, relative to it: `[index, 'valueLabels']`). */
  name?: (string | number)[];
  /** Where people read these labels, and what a blank shows. */
  hint: string;
  /** Each input is `<testId>-<value>-zh|en`, the table `<testId>s`. */
  testId: string;
}) {
  const t = useTranslations('customerData.valueLabels');
  const cell = (value: string, lang: 'zh' | 'en') => (
    <Form.Item name={[...name, value, lang]} rules={[{ max: 100 }]} style={{ margin: 0 }}>
      <Input size="small" maxLength={100} aria-label={t(`${lang}Of`, { value })} data-testid={`${testId}-${value}-${lang}`} />
    </Form.Item>
  );
  return (
    <Form.Item label={t('title')} extra={hint}>
      <Table
        size="small"
        rowKey={(v) => v}
        dataSource={values}
        pagination={false}
        data-testid={`${testId}s`}
        columns={[
          { title: t('value'), key: 'value', render: (_, v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('zh'), key: 'zh', render: (_, v: string) => cell(v, 'zh') },
          { title: t('en'), key: 'en', render: (_, v: string) => cell(v, 'en') },
        ]}
      />
    </Form.Item>
  );
}
