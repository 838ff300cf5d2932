'use client';
// The wording templates page: the approved texts of each kind of contact, listed by kind, edited
// (names and text, placeholders checked on the server), retired (no longer offered in the
// designer's picker; flows keep the text they copied) and restored. Every change is audited.
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Popconfirm, Space, Table, Tabs, Tag, Typography } from 'antd';
import { getKind } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { pickText } from '@/app/_lib/localized';
import { DateTime } from '@/app/_components/date-time';
import { FormModal } from '@/app/_components/form-modal';

/** The contact kinds with wording templates (server/services/wording-templates.ts WORDING_KINDS). */
const KINDS = ['sms', 'app_push', 'outbound_call', 'inbound_offer', 'frontline_opportunity'] as const;

interface EditForm {
  id: string;
  nameZh: string;
  nameEn: string;
  body: string;
}

export function WordingView() {
  const t = useTranslations('wordingTemplates');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [kind, setKind] = useState<string>('sms');
  const [editing, setEditing] = useState<EditForm | null>(null);
  const list = useQuery(trpc.wording.list.queryOptions({ includeRetired: true }));
  const refresh = () => queryClient.invalidateQueries(trpc.wording.list.queryFilter());
  const update = useMutation(
    trpc.wording.update.mutationOptions({
      onSuccess: async () => {
        message.success(t('saved'));
        setEditing(null);
        await refresh();
      },
    }),
  );
  const setRetired = useMutation(
    trpc.wording.setRetired.mutationOptions({
      onSuccess: async (row) => {
        message.success(row.retiredAt ? t('retiredDone') : t('restoredDone'));
        await refresh();
      },
      onError: (err) => message.error(callError(err).message),
    }),
  );
  const rows = list.data ?? [];
  const kindLabel = (k: string) => pickText(getKind(k)?.label, locale) || k;

  const edit = (r: EditForm) => {
    update.reset();
    setEditing(r);
  };

  return (
    <>
      <Typography.Title level={2}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Tabs
        activeKey={kind}
        onChange={setKind}
        data-testid="wording-kinds"
        items={KINDS.map((k) => ({
          key: k,
          label: (
            <span data-testid={`wording-kind-${k}`}>
              {kindLabel(k)} ({rows.filter((r) => r.kind === k && !r.retiredAt).length})
            </span>
          ),
        }))}
      />
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        pagination={false}
        dataSource={rows.filter((r) => r.kind === kind)}
        data-testid="wording-table"
        locale={{ emptyText: t('empty') }}
        onRow={(r) => ({ 'data-testid': `wording-row-${r.id}`, style: r.retiredAt ? { opacity: 0.6 } : undefined }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{id}</Typography.Text> },
          { title: t('columns.name'), key: 'name', render: (_, r) => (locale === 'en' ? r.nameEn : r.nameZh) },
          { title: t('columns.body'), dataIndex: 'body', render: (b: string) => <span style={{ whiteSpace: 'pre-wrap' }}>{b}</span> },
          {
            title: t('columns.status'),
            key: 'status',
            render: (_, r) => (r.retiredAt ? <Tag data-testid="wording-status">{t('retired')}</Tag> : <Tag color="green" data-testid="wording-status">{t('inUse')}</Tag>),
          },
          { title: t('columns.updated'), dataIndex: 'updatedAt', render: (d: Date) => <DateTime value={d} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => edit(r)} data-testid="wording-edit">
                  {t('edit')}
                </Button>
                {r.retiredAt ? (
                  <Button size="small" loading={setRetired.isPending} onClick={() => setRetired.mutate({ id: r.id, retired: false })} data-testid="wording-restore">
                    {t('restore')}
                  </Button>
                ) : (
                  <Popconfirm
                    title={t('retireConfirm')}
                    okText={t('retire')}
                    cancelText={tc('cancel')}
                    onConfirm={() => setRetired.mutate({ id: r.id, retired: true })}
                  >
                    <Button size="small" danger data-testid="wording-retire">
                      {t('retire')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <FormModal<EditForm>
        values={editing}
        title={t('editTitle', { id: editing?.id ?? '' })}
        okText={t('save')}
        okButtonProps={{ 'data-testid': 'wording-save' } as Record<string, string>}
        cancelText={tc('cancel')}
        confirmLoading={update.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) => update.mutate({ ...v, id: editing!.id })}
        error={update.error}
      >
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('fields.nameZh')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ flex: 1 }}>
            <Input data-testid="wording-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('fields.nameEn')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ flex: 1 }}>
            <Input data-testid="wording-name-en" />
          </Form.Item>
        </Flex>
        <Form.Item name="body" label={t('fields.body')} extra={t('fields.bodyHelp', { customer: '{{customer.name}}', event: '{{event.pct}}' })} rules={[{ required: true, whitespace: true, max: 2000 }]}>
          <Input.TextArea rows={5} data-testid="wording-body" />
        </Form.Item>
      </FormModal>
    </>
  );
}
