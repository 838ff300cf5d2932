'use client';
import { useEffect } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { App, Button, DatePicker, Form, Input, InputNumber, Progress, Radio, Space, Switch, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { CampaignEditingNotice, useCampaignEditing } from '../campaign-editing';
import { callError } from '@/app/_lib/trpc-error';

type Campaign = inferRouterOutputs<AppRouter>['campaigns']['get'];
interface Values {
  objective: string;
  window: [Dayjs | null, Dayjs | null] | null;
  priority: number;
  budgetCny: number | null;
  sms: number | null;
  outboundCalls: number | null;
  frontlineTasks: number | null;
  onExhausted: 'pause' | 'request';
  exclusive: boolean;
  quietHoursMode: 'hold' | 'drop';
}

const QUOTAS = [
  ['sms', 'sms'],
  ['outboundCalls', 'outbound_call'],
  ['frontlineTasks', 'frontline'],
] as const;

/** Objective, window, priority, contact rules, allocation and what happens when it is used up. */
export function PlanForm({ campaign }: { campaign: Campaign }) {
  const t = useTranslations('closedLoop.plan');
  // A number out of range or with a fraction is named under its field, never clamped or rounded
  // on blur: a typed -100 must not become a budget of 0 that pauses a live campaign.
  const wholeNumber = (min: number, max?: number) => [
    { type: 'number' as const, min, ...(max === undefined ? {} : { max }) },
    { validator: async (_: unknown, v: unknown) => (v === null || v === undefined || Number.isInteger(v) ? undefined : Promise.reject(new Error(t('wholeNumber')))) },
  ];
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const { editable, blocked } = useCampaignEditing(campaign);
  const usage = useQuery({ ...trpc.campaigns.usage.queryOptions({ id: campaign.id }), refetchInterval: 15_000 });
  const save = useMutation(trpc.campaigns.plan.mutationOptions());
  const [form] = Form.useForm<Values>();
  const allocation = campaign.allocation;

  useEffect(() => {
    form.setFieldsValue({
      objective: campaign.objective,
      window: campaign.startAt || campaign.endAt ? [campaign.startAt ? dayjs(campaign.startAt) : null, campaign.endAt ? dayjs(campaign.endAt) : null] : null,
      priority: campaign.priority,
      budgetCny: allocation.budgetCny ?? null,
      sms: allocation.sms ?? null,
      outboundCalls: allocation.outboundCalls ?? null,
      frontlineTasks: allocation.frontlineTasks ?? null,
      onExhausted: campaign.onExhausted === 'request' ? 'request' : 'pause',
      exclusive: campaign.exclusive,
      quietHoursMode: campaign.quietHoursMode === 'drop' ? 'drop' : 'hold',
    });
  }, [campaign, allocation, form]);

  const onFinish = async (v: Values) => {
    const num = (x: number | null) => (x === null || x === undefined ? undefined : x);
    try {
      await save.mutateAsync({
        id: campaign.id,
        objective: v.objective ?? '',
        startAt: v.window?.[0]?.toDate() ?? null,
        endAt: v.window?.[1]?.toDate() ?? null,
        priority: v.priority,
        allocation: { budgetCny: num(v.budgetCny), sms: num(v.sms), outboundCalls: num(v.outboundCalls), frontlineTasks: num(v.frontlineTasks) },
        onExhausted: v.onExhausted,
        exclusive: v.exclusive,
        quietHoursMode: v.quietHoursMode,
      });
      message.success(t('saved'));
      await queryClient.invalidateQueries({ queryKey: trpc.campaigns.get.queryKey({ id: campaign.id }) });
      await queryClient.invalidateQueries({ queryKey: trpc.campaigns.timeline.queryKey({ id: campaign.id }) });
    } catch (err) {
      message.error(t('failed', { message: callError(err).message }));
    }
  };

  const used = (channel: string, quota: number | undefined) => {
    const n = Math.round(usage.data?.[channel] ?? 0);
    if (quota === undefined) return <Typography.Text type="secondary">{t('usedUnlimited', { used: n })}</Typography.Text>;
    return <Progress percent={quota ? Math.min(100, Math.round((n / quota) * 100)) : 100} format={() => t('used', { used: n, quota })} size="small" />;
  };

  return (
    <Form form={form} layout="vertical" onFinish={onFinish} disabled={!editable} data-testid="plan-form">
      {blocked === 'role' && <Typography.Paragraph type="secondary">{t('readOnly')}</Typography.Paragraph>}
      <CampaignEditingNotice blocked={blocked} department={campaign.department} />
      <Form.Item name="objective" label={t('objective')}>
        <Input.TextArea maxLength={2000} autoSize={{ minRows: 2, maxRows: 4 }} placeholder={t('objectivePlaceholder')} data-testid="plan-objective" />
      </Form.Item>
      <Form.Item name="window" label={t('window')} extra={t('windowHint')}>
        <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[true, true]} data-testid="plan-window" />
      </Form.Item>
      <Form.Item name="priority" label={t('priority')} rules={[{ required: true }, ...wholeNumber(0, 100)]}>
        <InputNumber data-testid="plan-priority" />
      </Form.Item>
      <Typography.Title level={5}>{t('contactRules')}</Typography.Title>
      <Form.Item name="exclusive" label={t('exclusive')} valuePropName="checked" extra={t('exclusiveHint')}>
        <Switch data-testid="plan-exclusive" />
      </Form.Item>
      <Form.Item name="quietHoursMode" label={t('quietHours')}>
        <Radio.Group
          options={[
            { value: 'hold', label: t('quietHold') },
            { value: 'drop', label: t('quietDrop') },
          ]}
          data-testid="plan-quiet-hours"
        />
      </Form.Item>
      <Typography.Title level={5}>{t('allocation')}</Typography.Title>
      <Space wrap size={24} align="start">
        <Form.Item name="budgetCny" label={t('budget')} rules={[{ type: 'number', min: 0 }]}>
          <InputNumber precision={2} placeholder={t('unlimited')} style={{ width: 160 }} data-testid="plan-budget" />
        </Form.Item>
        {QUOTAS.map(([key]) => (
          <Form.Item key={key} name={key} label={t(key)} rules={wholeNumber(0)}>
            <InputNumber placeholder={t('unlimited')} style={{ width: 160 }} data-testid={`plan-${key}`} />
          </Form.Item>
        ))}
      </Space>
      <Form.Item name="onExhausted" label={t('onExhausted')}>
        <Radio.Group
          options={[
            { value: 'pause', label: t('pause') },
            { value: 'request', label: t('request') },
          ]}
          data-testid="plan-exhausted"
        />
      </Form.Item>
      <div style={{ marginBottom: 16 }} data-testid="plan-usage">
        <Typography.Title level={5}>{t('usage')}</Typography.Title>
        <div>
          {t('budget')}: {allocation.budgetCny === undefined ? t('usedUnlimited', { used: (usage.data?.costCny ?? 0).toFixed(2) }) : t('used', { used: (usage.data?.costCny ?? 0).toFixed(2), quota: allocation.budgetCny })}
        </div>
        {QUOTAS.map(([key, channel]) => (
          <div key={key}>
            {t(key)}: {used(channel, allocation[key])}
          </div>
        ))}
      </div>
      {editable && (
        <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} data-testid="plan-save">
          {t('save')}
        </Button>
      )}
    </Form>
  );
}
