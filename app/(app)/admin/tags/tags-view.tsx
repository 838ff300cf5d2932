'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { FormModal } from '@/app/_components/form-modal';
import { ValueLabelsEditor, valueLabelIn, valueLabelsToSave, type ValueLabelsForm } from '@/app/_components/value-labels-editor';

const TYPES = ['string', 'int', 'double', 'bool', 'enum'] as const;
type TagType = (typeof TYPES)[number];

interface TagForm {
  name: string;
  type: TagType;
  values: string[];
  valueLabels?: ValueLabelsForm;
  labelZh: string;
  labelEn: string;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
}

/** The declared customer tag schema: list, add, edit, remove. */
export function TagsView() {
  const t = useTranslations('customerData');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.customerData.tags.queryOptions());
  const [editing, setEditing] = useState<{ isNew: boolean; initial: TagForm } | null>(null);
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.customerData.tags.queryFilter()), queryClient.invalidateQueries(trpc.session.catalog.queryFilter())]);
  const save = useMutation(
    trpc.customerData.saveTag.mutationOptions({
      onSuccess: async () => {
        message.success(t('saved'));
        setEditing(null);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.customerData.deleteTag.mutationOptions({ onSuccess: refresh, onError: (e) => message.error(callError(e).message) }));

  const open = (initial: TagForm, isNew: boolean) => {
    save.reset();
    setEditing({ isNew, initial });
  };

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('tags.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} data-testid="add-tag" onClick={() => open({ name: '', type: 'string', values: [], valueLabels: {}, labelZh: '', labelEn: '' }, true)}>
          {t('tags.add')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('tags.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="name"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="tags-table"
        pagination={false}
        columns={[
          // An identifier is read whole: never broken mid-word (channel_prefere / nce).
          {
            title: t('tags.columns.name'),
            dataIndex: 'name',
            render: (n: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }} data-testid="tag-name-cell">
                {n}
              </Typography.Text>
            ),
          },
          { title: t('tags.columns.type'), dataIndex: 'type', render: (ty: TagType) => <Tag>{t(`tags.types.${ty}`)}</Tag> },
          {
            title: t('tags.columns.label'),
            key: 'label',
            render: (_, r) => (
              <span>
                {r.labelZh} <Typography.Text type="secondary">/ {r.labelEn}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('tags.columns.values'),
            key: 'values',
            render: (_, r) => (
              <Space size={[0, 4]} wrap>
                {r.values.map((v) => {
                  const label = valueLabelIn(r.valueLabels, v, locale);
                  return (
                    <Tag key={v}>
                      {v}
                      {label && <Typography.Text type="secondary"> · {label}</Typography.Text>}
                    </Tag>
                  );
                })}
              </Space>
            ),
          },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Space>
                <Button size="small" onClick={() => open({ ...r, type: r.type as TagType }, false)} data-testid={`edit-tag-${r.name}`}>
                  {t('edit')}
                </Button>
                <Popconfirm title={t('tags.deleteConfirm', { name: r.name })} onConfirm={() => remove.mutate({ name: r.name })} okText={t('yes')} cancelText={t('no')}>
                  <Button size="small" danger>
                    {t('delete')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
      <FormModal<TagForm>
        values={editing?.initial ?? null}
        error={save.error}
        title={editing?.isNew ? t('tags.addTitle') : t('tags.editTitle', { name: editing?.initial.name ?? '' })}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) => {
          const values = v.type === 'enum' ? (v.values ?? []) : [];
          save.mutate({ ...v, values, valueLabels: valueLabelsToSave(values, v.valueLabels), create: editing?.isNew ?? false });
        }}
      >
        <Form.Item name="name" label={t('tags.fields.name')} rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('tags.namePattern') }]}>
          <Input disabled={!editing?.isNew} data-testid="tag-name" />
        </Form.Item>
        <Form.Item name="type" label={t('tags.fields.type')} rules={[{ required: true }]}>
          <Select options={TYPES.map((ty) => ({ value: ty, label: t(`tags.types.${ty}`) }))} data-testid="tag-type" />
        </Form.Item>
        <Form.Item noStyle dependencies={['type']}>
          {({ getFieldValue }) =>
            getFieldValue('type') === 'enum' && (
              <Form.Item name="values" label={t('tags.fields.values')} rules={[{ required: true, type: 'array', min: 1 }]}>
                <Select mode="tags" open={false} tokenSeparators={[',', '，']} data-testid="tag-values" />
              </Form.Item>
            )
          }
        </Form.Item>
        <Form.Item noStyle dependencies={['type', 'values']}>
          {({ getFieldValue }) => {
            const values = (getFieldValue('values') as string[] | undefined) ?? [];
            return getFieldValue('type') === 'enum' && values.length > 0 && <ValueLabelsEditor values={values} hint={t('tags.valueLabelsHint')} testId="tag-value-label" />;
          }}
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="labelZh" label={t('tags.fields.labelZh')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input data-testid="tag-label-zh" />
          </Form.Item>
          <Form.Item name="labelEn" label={t('tags.fields.labelEn')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input data-testid="tag-label-en" />
          </Form.Item>
        </Flex>
        <Form.Item name="descriptionZh" label={t('tags.fields.descriptionZh')}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Form.Item name="descriptionEn" label={t('tags.fields.descriptionEn')}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </FormModal>
    </>
  );
}
