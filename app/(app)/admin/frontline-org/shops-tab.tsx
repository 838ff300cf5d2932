'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Radio, Select, Switch, Table, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { FormModal } from '@/app/_components/form-modal';
import { ORG_ID_PATTERN, RowActions, StatusCell, UpdatedCell, useCities, useRowName, type ShopRow } from './org-parts';

interface ShopForm {
  id: string;
  nameZh: string;
  nameEn: string;
  kind: 'own' | 'agent';
  region: string;
  active: boolean;
}

const formOf = (r: ShopRow): ShopForm => ({ id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, kind: r.kind === 'own' ? 'own' : 'agent', region: r.region, active: r.active });

/** The shops: each in one city, whose customers' opportunities its staff see. */
export function ShopsTab({ rows, loading, onChanged }: { rows: ShopRow[]; loading: boolean; onChanged: () => Promise<unknown> }) {
  const t = useTranslations('frontlineOrg');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const name = useRowName();
  const cities = useCities();
  const [editing, setEditing] = useState<{ isNew: boolean; initial: ShopForm } | null>(null);
  const save = useMutation(
    trpc.frontlineOrg.saveShop.mutationOptions({
      onSuccess: async () => {
        message.success(t('saved'));
        setEditing(null);
        await onChanged();
      },
    }),
  );
  // Deactivating from the list: the refusal (if any) is said in a message, there is no form.
  const toggle = useMutation(trpc.frontlineOrg.saveShop.mutationOptions({ onSuccess: onChanged, onError: (e) => message.error(callError(e).message) }));
  const remove = useMutation(
    trpc.frontlineOrg.deleteShop.mutationOptions({
      onSuccess: async () => {
        message.success(t('deleted'));
        await onChanged();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const open = (initial: ShopForm, isNew: boolean) => {
    save.reset();
    setEditing({ isNew, initial });
  };

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} data-testid="add-shop" onClick={() => open({ id: '', nameZh: '', nameEn: '', kind: 'own', region: cities.options[0]?.value ?? '', active: true }, true)}>
          {t('addShop')}
        </Button>
      </Flex>
      <Table<ShopRow>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        data-testid="org-shops-table"
        pagination={false}
        onRow={(r) => ({ 'data-testid': `shop-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{id}</Typography.Text> },
          { title: t('columns.name'), key: 'name', render: (_, r) => <span data-testid="org-name">{name(r)}</span> },
          { title: t('columns.kind'), dataIndex: 'kind', render: (k: string) => t(k === 'own' ? 'kinds.own' : 'kinds.agent') },
          { title: t('columns.city'), dataIndex: 'region', render: (c: string) => cities.cityName(c) },
          { title: t('columns.staff'), dataIndex: 'staff', align: 'right' },
          { title: t('columns.status'), key: 'status', render: (_, r) => <StatusCell row={r} /> },
          { title: t('columns.updated'), key: 'updated', render: (_, r) => <UpdatedCell row={r} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <RowActions
                row={r}
                testId={`shop-${r.id}`}
                onEdit={() => open(formOf(r), false)}
                onActive={(active) => toggle.mutate({ ...formOf(r), active })}
                onDelete={() => remove.mutate({ id: r.id })}
              />
            ),
          },
        ]}
      />
      <FormModal<ShopForm>
        values={editing?.initial ?? null}
        error={save.error}
        title={editing?.isNew ? t('newShopTitle') : t('shopTitle', { id: editing?.initial.id ?? '' })}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) => save.mutate({ ...v, id: editing?.initial.id || v.id, create: editing?.isNew ?? false })}
        okButtonProps={{ 'data-testid': 'save-shop' } as Record<string, string>}
      >
        {cities.loaded && !cities.options.length && <Alert type="warning" showIcon title={t('noCities')} style={{ marginBottom: 12 }} />}
        <Form.Item name="id" label={t('fields.id')} extra={editing?.isNew ? t('fields.idHelp') : undefined} rules={[{ required: true }, { pattern: ORG_ID_PATTERN, message: t('idPattern') }]}>
          <Input disabled={!editing?.isNew} data-testid="shop-id" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('fields.nameZh')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input data-testid="shop-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('fields.nameEn')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input data-testid="shop-name-en" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="kind" label={t('fields.kind')} rules={[{ required: true }]}>
            <Radio.Group
              optionType="button"
              data-testid="shop-kind"
              options={[
                { value: 'own', label: t('kinds.own') },
                { value: 'agent', label: t('kinds.agent') },
              ]}
            />
          </Form.Item>
          <Form.Item name="region" label={t('fields.region')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={cities.options} showSearch={{ optionFilterProp: 'label' }} data-testid="shop-region" />
          </Form.Item>
        </Flex>
        <Form.Item name="active" label={t('fields.active')} valuePropName="checked">
          <Switch data-testid="shop-active" />
        </Form.Item>
      </FormModal>
    </>
  );
}
