'use client';
import type { KeyboardEvent } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Form, InputNumber, Select, Space, Switch, Table, TimePicker, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { useCodeLabels } from '@/app/_lib/code-labels';
import { callError, type CallError } from '@/app/_lib/trpc-error';
import type { ContactPolicySettings } from '@/server/services/contact-policy-settings';
import { fieldErrors, toForm, toPolicy, type PolicyForm } from './policy-form';

const count = { precision: 0, style: { width: 140 } } as const;
/** A cap is a whole number from 0 (no contact) to 10,000; a number outside is named, not silently clamped. */
const capRules = [{ required: true }, { type: 'number' as const, min: 0, max: 10_000 }];
/** Enter in a time picker takes the time typed; it does not also save the whole form. */
const keepEnter = (e: KeyboardEvent<HTMLElement>) => {
  if (e.key === 'Enter') e.preventDefault();
};

/**
 * The contact policy's form, started from one revision (`settings`) and saving over that one only;
 * mounted again (a fresh form) for each revision loaded. A refusal is shown above the form and on
 * the fields it names; a conflict offers to load the policy saved since.
 */
export function PolicyEditor({
  settings,
  canManage,
  onSaved,
  onReload,
}: {
  settings: ContactPolicySettings;
  canManage: boolean;
  onSaved: (saved: ContactPolicySettings) => void;
  onReload: () => void;
}) {
  const t = useTranslations('contactPolicy');
  const { channel } = useCodeLabels();
  const trpc = useTRPC();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyForm>();
  const save = useMutation(
    trpc.contactPolicy.save.mutationOptions({
      onSuccess: (saved) => {
        message.success(saved.changed.length ? t('saved') : t('unchanged'));
        onSaved(saved);
      },
      onError: (e) => form.setFields(fieldErrors(callError(e).fields, form.getFieldsValue(true))),
    }),
  );
  // Every refused field marked on the form: the banner says so, not the fields' paths again.
  const bannerText = (e: CallError) => (e.fields.length && fieldErrors(e.fields, form.getFieldsValue(true)).length === e.fields.length ? t('fixFields') : e.message);
  const channelOptions = settings.channels.map((c) => ({ value: c, label: channel(c) }));
  const quietEnabled = Form.useWatch('quietEnabled', form);
  const holdUnlimited = Form.useWatch('holdUnlimited', form);
  const usedChannels = Form.useWatch('channelCaps', form) ?? [];

  return (
    <>
      {save.error && (
        <Alert
          type="error"
          showIcon
          title={t('saveFailed', { message: bannerText(callError(save.error)) })}
          action={callError(save.error).code === 'CONFLICT' ? <Button onClick={onReload}>{t('reload')}</Button> : undefined}
          style={{ marginBottom: 12, maxWidth: 900 }}
          data-testid="policy-error"
        />
      )}
      <Form<PolicyForm>
        form={form}
        layout="vertical"
        disabled={!canManage}
        initialValues={toForm(settings.policy)}
        onFinish={(v) => save.mutate({ ...toPolicy(v), revision: settings.revision })}
        onFinishFailed={() => save.reset()}
        onValuesChange={() => save.error && save.reset()}
        style={{ maxWidth: 900 }}
        data-testid="policy-form"
      >
        <Card title={t('caps.title')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('caps.hint')}</Typography.Paragraph>
          <Space size="large" align="start">
            <Form.Item name={['caps', 'perDay']} label={t('caps.perDay')} rules={capRules}>
              <InputNumber {...count} suffix={t('caps.unit')} data-testid="cap-per-day" />
            </Form.Item>
            <Form.Item name={['caps', 'perWeek']} label={t('caps.perWeek')} rules={capRules}>
              <InputNumber {...count} suffix={t('caps.unit')} data-testid="cap-per-week" />
            </Form.Item>
          </Space>
        </Card>
        <Card title={t('channelCaps.title')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('channelCaps.hint')}</Typography.Paragraph>
          <Form.List name="channelCaps">
            {(rows, { add, remove }) => (
              <>
                <Table
                  size="small"
                  pagination={false}
                  dataSource={rows}
                  rowKey="key"
                  locale={{ emptyText: t('channelCaps.empty') }}
                  data-testid="channel-caps"
                  columns={[
                    {
                      title: t('channelCaps.channel'),
                      key: 'channel',
                      render: (_, row) => (
                        <Form.Item name={[row.name, 'channel']} rules={[{ required: true }]} style={{ margin: 0 }}>
                          <Select
                            style={{ width: 200 }}
                            options={channelOptions.map((o) => ({ ...o, disabled: usedChannels.some((u, i) => i !== row.name && u?.channel === o.value) }))}
                            data-testid={`channel-cap-channel-${row.name}`}
                          />
                        </Form.Item>
                      ),
                    },
                    ...(['perDay', 'perWeek'] as const).map((field) => ({
                      title: t(`channelCaps.${field}`),
                      key: field,
                      render: (_: unknown, row: { name: number }) => (
                        <Form.Item name={[row.name, field]} rules={capRules} style={{ margin: 0 }}>
                          <InputNumber {...count} suffix={t('caps.unit')} data-testid={`channel-cap-${usedChannels[row.name]?.channel ?? row.name}-${field}`} />
                        </Form.Item>
                      ),
                    })),
                    {
                      key: 'remove',
                      align: 'right',
                      render: (_, row) =>
                        canManage && (
                          <Button type="text" danger icon={<DeleteOutlined />} onClick={() => remove(row.name)} data-testid={`channel-cap-remove-${row.name}`}>
                            {t('channelCaps.remove')}
                          </Button>
                        ),
                    },
                  ]}
                />
                {canManage && (
                  <Button
                    icon={<PlusOutlined />}
                    style={{ marginTop: 8 }}
                    disabled={usedChannels.length >= channelOptions.length}
                    onClick={() => add({ channel: channelOptions.find((o) => !usedChannels.some((u) => u?.channel === o.value))?.value, perDay: 1, perWeek: 3 })}
                    data-testid="channel-cap-add"
                  >
                    {t('channelCaps.add')}
                  </Button>
                )}
              </>
            )}
          </Form.List>
        </Card>
        <Card title={t('quietHours.title')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('quietHours.hint')}</Typography.Paragraph>
          <Space size="large" align="start" wrap>
            <Form.Item name="quietEnabled" label={t('quietHours.enabled')} valuePropName="checked">
              <Switch data-testid="quiet-enabled" />
            </Form.Item>
            <Form.Item name="quietStart" label={t('quietHours.start')} rules={[{ required: quietEnabled }]}>
              <TimePicker format="HH:mm" minuteStep={5} disabled={!canManage || !quietEnabled} allowClear={false} onKeyDown={keepEnter} data-testid="quiet-start" />
            </Form.Item>
            <Form.Item name="quietEnd" label={t('quietHours.end')} rules={[{ required: quietEnabled }]}>
              <TimePicker format="HH:mm" minuteStep={5} disabled={!canManage || !quietEnabled} allowClear={false} onKeyDown={keepEnter} data-testid="quiet-end" />
            </Form.Item>
          </Space>
        </Card>
        <Card title={t('consent.title')} size="small" style={{ marginBottom: 16 }}>
          <Form.Item name="consentRequired" label={t('consent.consentRequired')} extra={t('consent.consentHint')}>
            <Select mode="multiple" options={channelOptions} data-testid="consent-required" />
          </Form.Item>
          <Form.Item name="exempt" label={t('consent.exempt')} extra={t('consent.exemptHint')}>
            <Select mode="multiple" options={channelOptions} data-testid="exempt" />
          </Form.Item>
        </Card>
        <Card title={t('hold.title')} size="small" style={{ marginBottom: 16 }}>
          <Typography.Paragraph type="secondary">{t('hold.hint')}</Typography.Paragraph>
          <Flex gap={16} align="center">
            <Form.Item name="maxHeldHours" label={t('hold.maxHeldHours')} rules={[{ required: !holdUnlimited }]}>
              <InputNumber min={1} max={720} precision={0} suffix={t('hold.hours')} disabled={!canManage || holdUnlimited} style={{ width: 160 }} data-testid="max-held-hours" />
            </Form.Item>
            <Form.Item name="holdUnlimited" valuePropName="checked" style={{ marginTop: 30 }}>
              <Checkbox data-testid="hold-unlimited">{t('hold.noLimit')}</Checkbox>
            </Form.Item>
          </Flex>
        </Card>
        {canManage && (
          <Button type="primary" htmlType="submit" loading={save.isPending} data-testid="policy-save">
            {t('save')}
          </Button>
        )}
      </Form>
    </>
  );
}
