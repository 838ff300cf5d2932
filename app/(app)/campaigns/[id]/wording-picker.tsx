'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Form, Input, Modal, Select, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { findEventType, renderTemplate, type Catalog, type FieldDef } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { callError } from '@/app/_lib/trpc-error';

/** Contact kinds with wording templates (server/services/wording-templates.ts). */
const WORDING_KINDS = new Set(['sms', 'app_push', 'outbound_call', 'inbound_offer', 'frontline_opportunity']);
export const hasWordingTemplates = (kind: string) => WORDING_KINDS.has(kind);
type WordingKind = 'sms' | 'app_push' | 'outbound_call' | 'inbound_offer' | 'frontline_opportunity';

/** A plausible value of an event attribute for the preview. */
function sampleValue(f: FieldDef, locale: string): unknown {
  if (f.type === 'int' || f.type === 'double') return 80;
  if (f.type === 'bool') return true;
  if (f.type === 'enum') return f.values?.[0] ?? '';
  return pickText(f.label, locale);
}

/**
 * The approved wordings for this kind of contact, picked from a list (the node keeps a copy of the
 * text, which is what the approvers sign), with the text rendered live for a sample demo customer
 * and sample event values; the current text can be saved as a new template.
 */
export function WordingPicker(props: {
  id: string;
  testId: string;
  kind: string;
  value: string;
  maxLength: number | undefined;
  catalog: Catalog;
  eventType: string | undefined;
  readOnly: boolean;
  onChange(text: string): void;
}) {
  const { kind, value, catalog, eventType } = props;
  const t = useTranslations('designerTools.wording');
  const locale = useLocale();
  const trpc = useTRPC();
  const templates = useQuery(trpc.wording.list.queryOptions({ kind: kind as WordingKind }));
  const customers = useQuery({ ...trpc.customers.list.queryOptions({ pageSize: 50 }), staleTime: 60_000 });
  const [customerId, setCustomerId] = useState<string | undefined>();
  const customer = customers.data?.rows.find((c) => c.id === customerId) ?? customers.data?.rows[0];
  const fits = (templates.data ?? []).filter((w) => props.maxLength === undefined || w.body.length <= props.maxLength);
  const chosen = fits.find((w) => w.body === value);

  const event = eventType ? findEventType(catalog, eventType) : undefined;
  const preview = useMemo(() => {
    const attrs = Object.fromEntries((event?.attributes ?? []).map((f) => [f.name, sampleValue(f, locale)]));
    const tags = customer ? { ...customer.tags, name: customer.name, msisdn: customer.msisdn } : {};
    return renderTemplate(value, { customer: tags, event: attrs }, { catalog, eventType });
  }, [value, customer, event, locale, catalog, eventType]);

  return (
    <div style={{ marginBottom: 6 }}>
      <Select
        id={props.id}
        data-testid={`${props.testId}-wording`}
        aria-label={t('pick')}
        placeholder={fits.length || templates.isLoading ? t('pickPlaceholder') : t('none')}
        loading={templates.isLoading}
        disabled={props.readOnly}
        showSearch={{ optionFilterProp: 'label' }}
        value={chosen?.id ?? null}
        onChange={(id: string) => {
          const w = fits.find((x) => x.id === id);
          if (w) props.onChange(w.body);
        }}
        style={{ width: '100%', marginBottom: 6 }}
        options={fits.map((w) => ({ value: w.id, label: locale === 'en' ? w.nameEn : w.nameZh, title: w.body }))}
        optionRender={(o) => (
          <div>
            <div>{o.label}</div>
            <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: 'normal' }}>
              {o.data.title}
            </Typography.Text>
          </div>
        )}
      />
      {value.trim() !== '' && (
        <div
          data-testid={`${props.testId}-preview`}
          aria-live="polite"
          style={{ background: '#f6f8fa', border: '1px solid #f0f0f0', borderRadius: 6, padding: '6px 8px', margin: '6px 0', fontSize: 12 }}
        >
          <div style={{ display: 'flex', gap: 6, alignItems: 'center', marginBottom: 4 }}>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {customer ? t('preview', { name: customer.name, id: customer.id }) : t('previewNoCustomer')}
            </Typography.Text>
            {customers.data && customers.data.rows.length > 1 && (
              <Select
                size="small"
                aria-label={t('sampleCustomer')}
                value={customer?.id}
                onChange={setCustomerId}
                style={{ marginLeft: 'auto', width: 120 }}
                popupMatchSelectWidth={false}
                options={customers.data.rows.map((c) => ({ value: c.id, label: `${c.name} · ${c.id}` }))}
              />
            )}
          </div>
          <div style={{ whiteSpace: 'pre-wrap', color: '#262626' }} data-testid={`${props.testId}-preview-text`}>
            {preview.text}
          </div>
          {preview.missing.length > 0 && (
            <Typography.Text type="warning" style={{ fontSize: 12 }}>
              {t('missing', { fields: preview.missing.join(', ') })}
            </Typography.Text>
          )}
          {event && event.attributes.length > 0 && (
            <div>
              <Typography.Text type="secondary" style={{ fontSize: 11 }}>
                {t('eventSample')}
              </Typography.Text>
            </div>
          )}
        </div>
      )}
      {!props.readOnly && <SaveAsTemplate kind={kind as WordingKind} body={value} disabled={!value.trim() || !!chosen} />}
    </div>
  );
}

function SaveAsTemplate({ kind, body, disabled }: { kind: WordingKind; body: string; disabled: boolean }) {
  const t = useTranslations('designerTools.wording');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ id: string; nameZh: string; nameEn: string }>();
  const save = useMutation(trpc.wording.save.mutationOptions());
  const submit = async () => {
    const v = await form.validateFields();
    try {
      await save.mutateAsync({ ...v, kind, body });
      await queryClient.invalidateQueries({ queryKey: trpc.wording.list.queryKey() });
      message.success(t('saved'));
      setOpen(false);
      form.resetFields();
    } catch (err) {
      // A taken id, or the placeholders refused (each in the reader's language).
      const e = callError(err);
      message.error(e.details?.reason === 'wording_exists' ? t('exists', { id: String(e.details.id) }) : e.issues.length ? e.issues.map((i) => pickText(i.message, locale)).join(' ') : e.message);
    }
  };
  return (
    <>
      <Button size="small" type="link" icon={<SaveOutlined />} disabled={disabled} onClick={() => setOpen(true)} data-testid="wording-save-as" style={{ paddingLeft: 0 }}>
        {t('saveAs')}
      </Button>
      <Modal open={open} title={t('saveTitle')} onOk={() => void submit()} onCancel={() => setOpen(false)} confirmLoading={save.isPending} destroyOnHidden>
        <Form form={form} layout="vertical">
          <Form.Item name="id" label={t('id')} rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9_.-]{0,63}$/ }]}>
            <Input data-testid="wording-id" />
          </Form.Item>
          <Form.Item name="nameZh" label={t('nameZh')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="wording-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('nameEn')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="wording-name-en" />
          </Form.Item>
          <Typography.Paragraph type="secondary" style={{ whiteSpace: 'pre-wrap', fontSize: 12 }}>
            {body}
          </Typography.Paragraph>
        </Form>
      </Modal>
    </>
  );
}
