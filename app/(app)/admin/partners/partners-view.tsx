'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Popconfirm, Space, Switch, Table, Tag, Typography, type ButtonProps } from 'antd';
import { ApiOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { FormModal } from '@/app/_components/form-modal';
import { ShownOnceModal } from '../shown-once-modal';

interface EndpointForm {
  id: string;
  nameZh: string;
  nameEn: string;
  url: string;
  active: boolean;
  secret?: string;
}

/**
 * Partner webhook endpoints (开放互联): the URL a flow's webhook node reaches, on the operator's
 * allow-list, and the signing secret — shown once when set, never listed, stored encrypted.
 */
export function PartnersView() {
  const t = useTranslations('customerData.partners');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.partnerEndpoints.list.queryOptions());
  const [editing, setEditing] = useState<{ mode: 'create' | 'edit'; values: Partial<EndpointForm> } | null>(null);
  const [shown, setShown] = useState<{ id: string; secret: string } | null>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.partnerEndpoints.list.queryFilter());
  const done = async () => {
    setEditing(null);
    await refresh();
  };
  const create = useMutation(
    trpc.partnerEndpoints.create.mutationOptions({
      onSuccess: async (created) => {
        await done();
        setShown(created);
      },
    }),
  );
  const update = useMutation(trpc.partnerEndpoints.update.mutationOptions({ onSuccess: done }));
  const rotate = useMutation(
    trpc.partnerEndpoints.rotateSecret.mutationOptions({
      onSuccess: async (rotated) => {
        setShown(rotated);
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const remove = useMutation(
    trpc.partnerEndpoints.delete.mutationOptions({
      onSuccess: async (_, { id }) => {
        message.success(t('deleted', { id }));
        await refresh();
      },
      onError: (e, { id }) => message.error(deleteError(e, id)),
    }),
  );
  /** A refusal because running campaigns send to the endpoint, in the page's language. */
  const deleteError = (e: unknown, id: string) => {
    const details = (e as { data?: { details?: { reason?: string; campaigns?: string[] } } }).data?.details;
    return details?.reason === 'endpoint_in_use' ? t('deleteInUse', { id, campaigns: (details.campaigns ?? []).join(locale === 'en' ? ', ' : '、') }) : callError(e).message;
  };
  const saving = editing?.mode === 'create' ? create : update;
  const open = (mode: 'create' | 'edit', values?: Partial<EndpointForm>) => {
    create.reset();
    update.reset();
    setEditing({ mode, values: { active: true, ...values } });
  };
  const data = list.data;

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" icon={<ApiOutlined />} data-testid="create-endpoint" disabled={!data?.canStoreSecrets} onClick={() => open('create')}>
          {t('create')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      {data && (
        <Typography.Paragraph data-testid="allow-hosts">
          {data.allowHosts.length ? t('allowHosts', { hosts: data.allowHosts.join(', ') }) : t('noAllowHosts')}
        </Typography.Paragraph>
      )}
      {data && !data.canStoreSecrets && <Alert type="warning" showIcon title={t('noSecretKey')} style={{ marginBottom: 12 }} />}
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={data?.endpoints ?? []}
        data-testid="endpoints-table"
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('columns.name'), key: 'name', render: (_, r) => (locale === 'en' ? r.nameEn : r.nameZh) },
          { title: t('columns.url'), dataIndex: 'url', render: (url: string) => <Typography.Text copyable>{url}</Typography.Text> },
          {
            title: t('columns.secret'),
            key: 'secret',
            render: (_, r) => (
              <span data-testid={`secret-${r.id}`}>
                {r.secretReadable ? <Tag color="green">{t('secretSet')}</Tag> : <Tag color="red">{t('secretUnreadable', { key: r.secretKeyId ?? '?' })}</Tag>}
                <DateTime value={r.secretSetAt} />
              </span>
            ),
          },
          {
            title: t('columns.status'),
            dataIndex: 'active',
            render: (active: boolean) => <Tag color={active ? 'green' : 'default'}>{active ? t('active') : t('disabled')}</Tag>,
          },
          { title: t('columns.updated'), key: 'updated', render: (_, r) => <>{r.updatedBy} · <DateTime value={r.updatedAt} /></> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Space>
                <Button size="small" data-testid={`edit-${r.id}`} onClick={() => open('edit', { id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, url: r.url, active: r.active })}>
                  {t('edit')}
                </Button>
                <Popconfirm title={t('rotateConfirm', { id: r.id })} okText={t('rotate')} cancelText={tc('cancel')} onConfirm={() => rotate.mutate({ id: r.id })}>
                  <Button size="small" danger data-testid={`rotate-${r.id}`} disabled={!data?.canStoreSecrets}>
                    {t('rotate')}
                  </Button>
                </Popconfirm>
                <Popconfirm title={t('deleteConfirm', { id: r.id })} okText={t('delete')} okButtonProps={{ danger: true }} cancelText={tc('cancel')} onConfirm={() => remove.mutate({ id: r.id })}>
                  <Button size="small" danger type="text" data-testid={`delete-${r.id}`} loading={remove.isPending && remove.variables?.id === r.id}>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<EndpointForm>
        values={editing?.values ?? null}
        error={saving.error}
        title={editing?.mode === 'create' ? t('createTitle') : t('editTitle')}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={saving.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) => {
          if (editing?.mode === 'create') create.mutate({ ...v, secret: v.secret?.trim() || undefined });
          else update.mutate({ id: v.id, nameZh: v.nameZh, nameEn: v.nameEn, url: v.url, active: v.active });
        }}
        okButtonProps={{ 'data-testid': 'endpoint-save' } as ButtonProps}
      >
        <Form.Item name="id" label={t('fields.id')} extra={t('fields.idHint')} rules={[{ required: true, pattern: /^[a-z][a-z0-9_]{1,63}$/, message: t('fields.idRule') }]}>
          <Input data-testid="endpoint-id" disabled={editing?.mode === 'edit'} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('fields.nameZh')} rules={[{ required: true, max: 100 }]} style={{ flex: 1 }}>
            <Input data-testid="endpoint-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('fields.nameEn')} rules={[{ required: true, max: 100 }]} style={{ flex: 1 }}>
            <Input data-testid="endpoint-name-en" />
          </Form.Item>
        </Flex>
        <Form.Item name="url" label={t('fields.url')} extra={t('fields.urlHint')} rules={[{ required: true, type: 'url', message: t('fields.urlRule') }]}>
          <Input data-testid="endpoint-url" placeholder="https://api.partner.example/hooks/octoflow" />
        </Form.Item>
        {editing?.mode === 'create' && (
          <Form.Item name="secret" label={t('fields.secret')} extra={t('fields.secretHint')} rules={[{ min: 16, message: t('fields.secretRule') }]}>
            <Input.Password data-testid="endpoint-secret" autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item name="active" label={t('fields.active')} valuePropName="checked">
          <Switch data-testid="endpoint-active" />
        </Form.Item>
      </FormModal>
      <ShownOnceModal
        shown={shown && { title: shown.id, value: shown.secret }}
        warning={t('secretShown')}
        labels={{ done: t('done'), copy: t('copy'), copied: t('copied') }}
        onDone={() => setShown(null)}
        testId="shown-secret"
      />
    </>
  );
}
