'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Checkbox, Flex, Form, Input, InputNumber, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import { KeyOutlined } from '@ant-design/icons';
import { API_KEY_SCOPES, type ApiKeyScope } from '@/server/auth/api-scopes';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { FormModal } from '@/app/_components/form-modal';
import { ShownOnceModal } from '../shown-once-modal';

interface NewKeyForm {
  name: string;
  scopes: ApiKeyScope[];
  ratePerSecond: number;
  burst: number;
}

const NEW_KEY: NewKeyForm = { name: '', scopes: ['events:write'], ratePerSecond: 50, burst: 100 };

/** API keys for partners: create (the key is shown once), list, revoke. */
export function ApiKeysView() {
  const t = useTranslations('customerData.apiKeys');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.apiKeys.list.queryOptions());
  const [creating, setCreating] = useState<NewKeyForm | null>(null);
  const [shown, setShown] = useState<{ name: string; key: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.apiKeys.list.queryFilter());
  const create = useMutation(
    trpc.apiKeys.create.mutationOptions({
      onSuccess: async (created, input) => {
        setCreating(null);
        setShown({ name: input.name, key: created.key });
        await refresh();
      },
    }),
  );
  const revoke = useMutation(trpc.apiKeys.revoke.mutationOptions({ onSuccess: refresh, onError: (e) => message.error(callError(e).message) }));

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button
          type="primary"
          icon={<KeyOutlined />}
          data-testid="create-key"
          onClick={() => {
            create.reset();
            setCreating({ ...NEW_KEY });
          }}
        >
          {t('create')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="keys-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('columns.name'), dataIndex: 'name' },
          {
            title: t('columns.scopes'),
            dataIndex: 'scopes',
            render: (scopes: string[]) => (
              <Space size={[0, 4]} wrap>
                {scopes.map((s) => (
                  <Tag key={s} title={s}>
                    {API_KEY_SCOPES.includes(s as ApiKeyScope) ? t(`scopes.${s as ApiKeyScope}`) : s}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('columns.rate'), key: 'rate', render: (_, r) => t('rate', { rate: r.ratePerSecond, burst: r.burst }) },
          { title: t('columns.created'), dataIndex: 'createdAt', render: (d: Date) => <DateTime value={d} /> },
          {
            title: t('columns.status'),
            key: 'status',
            render: (_, r) =>
              r.revokedAt ? (
                <Tag color="red" data-testid="key-status">
                  {t('revoked', { date: new Date(r.revokedAt).toLocaleString() })}
                </Tag>
              ) : (
                <Tag color="green" data-testid="key-status">
                  {t('active')}
                </Tag>
              ),
          },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) =>
              !r.revokedAt && (
                <Popconfirm title={t('revokeConfirm', { name: r.name })} onConfirm={() => revoke.mutate({ id: r.id })} okText={t('revoke')} cancelText={tc('cancel')}>
                  <Button size="small" danger data-testid={`revoke-${r.name}`}>
                    {t('revoke')}
                  </Button>
                </Popconfirm>
              ),
          },
        ]}
      />
      <FormModal
        values={creating}
        error={create.error}
        title={t('createTitle')}
        okText={t('create')}
        cancelText={tc('cancel')}
        confirmLoading={create.isPending}
        onCancel={() => setCreating(null)}
        onFinish={(v) => create.mutate(v)}
      >
        <Form.Item name="name" label={t('fields.name')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="key-name" />
        </Form.Item>
        <Form.Item name="scopes" label={t('fields.scopes')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Checkbox.Group options={API_KEY_SCOPES.map((s) => ({ value: s, label: `${t(`scopes.${s}`)} (${s})` }))} style={{ display: 'grid', gap: 4 }} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="ratePerSecond" label={t('fields.ratePerSecond')} rules={[{ required: true }]}>
            <InputNumber min={1} max={100000} data-testid="key-rate" />
          </Form.Item>
          <Form.Item name="burst" label={t('fields.burst')} rules={[{ required: true }]}>
            <InputNumber min={1} max={1000000} />
          </Form.Item>
        </Flex>
      </FormModal>
      <ShownOnceModal
        shown={shown && { title: shown.name, value: shown.key }}
        warning={t('created')}
        labels={{ done: t('done'), copy: t('copy'), copied: t('copied') }}
        onDone={() => setShown(null)}
        testId="new-key"
      />
    </>
  );
}
