'use client';
// How people read an enum tag's values (`unlimited_5g` → 5G畅享套餐 / Unlimited 5G): one row per
// declared value, a label in each language, either optional. Part of the tag dialog's form: the
// fields are `valueLabels.<value>.zh|en`, as the API names them, so a refused label shows under it.
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

export function ValueLabelsEditor({ values }: { values: string[] }) {
  const t = useTranslations('customerData.tags');
  const cell = (value: string, lang: 'zh' | 'en') => (
    <Form.Item name={['valueLabels', value, lang]} rules={[{ max: 100 }]} style={{ margin: 0 }}>
      <Input size="small" maxLength={100} aria-label={t(`valueLabels.${lang}Of`, { value })} data-testid={`tag-value-label-${value}-${lang}`} />
    </Form.Item>
  );
  return (
    <Form.Item label={t('fields.valueLabels')} extra={t('valueLabels.hint')}>
      <Table
        size="small"
        rowKey={(v) => v}
        dataSource={values}
        pagination={false}
        data-testid="tag-value-labels"
        columns={[
          { title: t('valueLabels.value'), key: 'value', render: (_, v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('valueLabels.zh'), key: 'zh', render: (_, v: string) => cell(v, 'zh') },
          { title: t('valueLabels.en'), key: 'en', render: (_, v: string) => cell(v, 'en') },
        ]}
      />
    </Form.Item>
  );
}
