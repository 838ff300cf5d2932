'use client';
import { useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, Typography, type FormRule as Rule } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { ListedAttribute } from '@/server/services/event-types';
import { useLocalized } from '@/app/_lib/localized';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { FormModal } from '@/app/_components/form-modal';
import { ValueLabelsEditor, valueLabelIn, valueLabelsToSave, type ValueLabelsForm } from '@/app/_components/value-labels-editor';

const TYPES = ['string', 'int', 'double', 'bool', 'enum'] as const;
type AttributeType = (typeof TYPES)[number];
/** The server's rule for type and attribute names (services/event-types.ts). */
const NAME = /^[a-z][a-z0-9_]{1,63}$/;

interface AttributeForm {
  name: string;
  type: AttributeType;
  values: string[];
  valueLabels?: ValueLabelsForm;
  labelZh: string;
  labelEn: string;
}

interface EventTypeForm {
  type: string;
  labelZh: string;
  labelEn: string;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  attributes: AttributeForm[];
}

const toAttributeForm = (f: ListedAttribute): AttributeForm => ({ name: f.name, type: f.type, values: f.values ?? [], valueLabels: f.valueLabels ?? {}, labelZh: f.label.zh, labelEn: f.label.en });
const NEW_ATTRIBUTE: AttributeForm = { name: '', type: 'string', values: [], valueLabels: {}, labelZh: '', labelEn: '' };

/** The attribute as the list shows it: `venue: enum (mall · 商场, airport)`, each value with its label when it has one. */
function attributeText(a: ListedAttribute, locale: string): string {
  if (a.type !== 'enum' || !a.values?.length) return `${a.name}: ${a.type}`;
  const values = a.values.map((v) => {
    const label = valueLabelIn(a.valueLabels, v, locale);
    return label ? `${v} · ${label}` : v;
  });
  return `${a.name}: ${a.type} (${values.join(', ')})`;
}

/** The event types intake accepts: the built-in ones (read-only) and the declared ones (add, edit, remove). */
export function EventTypesView() {
  const t = useTranslations('customerData');
  const tc = useTranslations('common');
  const localized = useLocalized();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.customerData.eventTypes.queryOptions());
  const [editing, setEditing] = useState<{ isNew: boolean; initial: EventTypeForm } | null>(null);
  const refresh = () => Promise.all([queryClient.invalidateQueries(trpc.customerData.eventTypes.queryFilter()), queryClient.invalidateQueries(trpc.session.catalog.queryFilter())]);
  const save = useMutation(
    trpc.customerData.saveEventType.mutationOptions({
      onSuccess: async () => {
        message.success(t('saved'));
        setEditing(null);
        await refresh();
      },
    }),
  );
  const remove = useMutation(trpc.customerData.deleteEventType.mutationOptions({ onSuccess: refresh, onError: (e) => message.error(callError(e).message) }));

  const open = (initial: EventTypeForm, isNew: boolean) => {
    save.reset();
    setEditing({ isNew, initial });
  };

  const nameRules = [
    { required: true, message: t('eventTypes.rules.required') },
    { pattern: NAME, message: t('eventTypes.rules.name') },
  ];

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('eventTypes.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} data-testid="add-event-type" onClick={() => open({ type: '', labelZh: '', labelEn: '', attributes: [] }, true)}>
          {t('eventTypes.add')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary">{t('eventTypes.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="type"
        size="middle"
        loading={list.isPending}
        dataSource={list.data ?? []}
        data-testid="event-types-table"
        pagination={false}
        columns={[
          {
            title: t('eventTypes.columns.type'),
            dataIndex: 'type',
            render: (ty: string) => (
              <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
                {ty}
              </Typography.Text>
            ),
          },
          {
            title: t('eventTypes.columns.label'),
            key: 'label',
            width: 260,
            render: (_, r) => {
              const description = localized({ zh: r.descriptionZh || r.descriptionEn || '', en: r.descriptionEn || r.descriptionZh || '' });
              return (
                <Flex vertical>
                  <span>
                    {r.labelZh} <Typography.Text type="secondary">/ {r.labelEn}</Typography.Text>
                  </span>
                  {description && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {description}
                    </Typography.Text>
                  )}
                </Flex>
              );
            },
          },
          {
            title: t('eventTypes.columns.attributes'),
            dataIndex: 'attributes',
            render: (attrs: ListedAttribute[]) =>
              attrs.length ? (
                <Space size={[0, 4]} wrap>
                  {attrs.map((a) => (
                    <Tag key={a.name} title={localized(a.label)} data-testid="event-type-attribute">
                      {attributeText(a, locale)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('eventTypes.noAttributes')}</Typography.Text>
              ),
          },
          {
            title: t('eventTypes.columns.source'),
            key: 'source',
            width: 220,
            render: (_, r) =>
              r.builtIn ? (
                <Tag color="blue" data-testid="event-type-built-in">
                  {t('eventTypes.builtIn')}
                </Tag>
              ) : (
                <Flex vertical align="start">
                  <Tag data-testid="event-type-declared">{t('eventTypes.declared')}</Tag>
                  {r.updatedBy && (
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('eventTypes.changedBy', { by: r.updatedBy })}
                    </Typography.Text>
                  )}
                </Flex>
              ),
          },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) =>
              !r.builtIn && (
                <Space>
                  <Button
                    size="small"
                    data-testid={`edit-event-type-${r.type}`}
                    onClick={() =>
                      open({ type: r.type, labelZh: r.labelZh, labelEn: r.labelEn, descriptionZh: r.descriptionZh, descriptionEn: r.descriptionEn, attributes: r.attributes.map(toAttributeForm) }, false)
                    }
                  >
                    {t('edit')}
                  </Button>
                  <Popconfirm title={t('eventTypes.deleteConfirm', { type: r.type })} onConfirm={() => remove.mutate({ type: r.type })} okText={t('yes')} cancelText={t('no')}>
                    <Button size="small" danger data-testid={`delete-event-type-${r.type}`}>
                      {t('delete')}
                    </Button>
                  </Popconfirm>
                </Space>
              ),
          },
        ]}
      />
      <FormModal<EventTypeForm>
        values={editing?.initial ?? null}
        error={save.error}
        width={760}
        title={editing?.isNew ? t('eventTypes.addTitle') : t('eventTypes.editTitle', { type: editing?.initial.type ?? '' })}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) =>
          save.mutate({
            ...v,
            attributes: (v.attributes ?? []).map((a) => {
              const values = a.type === 'enum' ? (a.values ?? []) : [];
              return { ...a, values, valueLabels: valueLabelsToSave(values, a.valueLabels) };
            }),
            create: editing?.isNew ?? false,
          })
        }
      >
        <Form.Item name="type" label={t('eventTypes.fields.type')} extra={editing?.isNew ? t('eventTypes.fields.typeHint') : undefined} rules={nameRules}>
          <Input disabled={!editing?.isNew} data-testid="event-type-name" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="labelZh" label={t('eventTypes.fields.labelZh')} rules={[{ required: true, message: t('eventTypes.rules.required') }]} style={{ flex: 1 }}>
            <Input data-testid="event-type-label-zh" />
          </Form.Item>
          <Form.Item name="labelEn" label={t('eventTypes.fields.labelEn')} rules={[{ required: true, message: t('eventTypes.rules.required') }]} style={{ flex: 1 }}>
            <Input data-testid="event-type-label-en" />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="descriptionZh" label={t('eventTypes.fields.descriptionZh')} style={{ flex: 1 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="descriptionEn" label={t('eventTypes.fields.descriptionEn')} style={{ flex: 1 }}>
            <Input.TextArea rows={2} />
          </Form.Item>
        </Flex>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('eventTypes.attributes')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('eventTypes.attributesHint')}</Typography.Paragraph>
        <AttributeList nameRules={nameRules} />
      </FormModal>
    </>
  );
}

/** The event type's attributes, each a card; an attribute's title and its enum values follow what is typed. */
function AttributeList({ nameRules }: { nameRules: Rule[] }) {
  const t = useTranslations('customerData');
  const attributes = Form.useWatch<(AttributeForm | undefined)[] | undefined>('attributes');
  return (
    <Form.List name="attributes">
      {(fields, { add, remove: removeAttribute }) => (
        <Flex vertical gap={12}>
          {fields.map(({ key, name }) => (
            <Card
              key={key}
              size="small"
              data-testid={`attribute-${name}`}
              title={attributes?.[name]?.name ? <Typography.Text code>{attributes[name].name}</Typography.Text> : t('eventTypes.newAttribute')}
              extra={
                <Button
                  type="text"
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  onClick={() => removeAttribute(name)}
                  data-testid={`remove-attribute-${name}`}
                  aria-label={t('eventTypes.removeAttribute')}
                  title={t('eventTypes.removeAttribute')}
                />
              }
            >
              <Flex gap={12}>
                <Form.Item
                  name={[name, 'name']}
                  label={t('eventTypes.fields.attributeName')}
                  style={{ flex: 1 }}
                  dependencies={fields.filter((f) => f.name !== name).map((f) => ['attributes', f.name, 'name'])}
                  rules={[
                    ...nameRules,
                    ({ getFieldValue }) => ({
                      validator: (_, value: string | undefined) => {
                        const all = (getFieldValue('attributes') ?? []) as (AttributeForm | undefined)[];
                        const twice = value && all.some((a, i) => i !== name && a?.name === value);
                        return twice ? Promise.reject(new Error(t('eventTypes.rules.duplicate', { name: value }))) : Promise.resolve();
                      },
                    }),
                  ]}
                >
                  <Input data-testid={`attribute-name-${name}`} />
                </Form.Item>
                <Form.Item name={[name, 'type']} label={t('eventTypes.fields.attributeType')} rules={[{ required: true }]} style={{ width: 180 }}>
                  <Select options={TYPES.map((ty) => ({ value: ty, label: `${t(`tags.types.${ty}`)} (${ty})` }))} data-testid={`attribute-type-${name}`} />
                </Form.Item>
              </Flex>
              {attributes?.[name]?.type === 'enum' && (
                <Form.Item
                  name={[name, 'values']}
                  label={t('eventTypes.fields.values')}
                  rules={[{ required: true, type: 'array', min: 1, message: t('eventTypes.rules.values') }]}
                >
                  <Select mode="tags" open={false} tokenSeparators={[',', '，']} data-testid={`attribute-values-${name}`} />
                </Form.Item>
              )}
              {attributes?.[name]?.type === 'enum' && (attributes[name].values ?? []).length > 0 && (
                <ValueLabelsEditor values={attributes[name].values} name={[name, 'valueLabels']} hint={t('eventTypes.valueLabelsHint')} testId={`attribute-${name}-value-label`} />
              )}
              <Flex gap={12}>
                <Form.Item name={[name, 'labelZh']} label={t('eventTypes.fields.labelZh')} rules={[{ required: true, message: t('eventTypes.rules.required') }]} style={{ flex: 1, marginBottom: 0 }}>
                  <Input data-testid={`attribute-label-zh-${name}`} />
                </Form.Item>
                <Form.Item name={[name, 'labelEn']} label={t('eventTypes.fields.labelEn')} rules={[{ required: true, message: t('eventTypes.rules.required') }]} style={{ flex: 1, marginBottom: 0 }}>
                  <Input data-testid={`attribute-label-en-${name}`} />
                </Form.Item>
              </Flex>
            </Card>
          ))}
          <Button type="dashed" block icon={<PlusOutlined />} onClick={() => add({ ...NEW_ATTRIBUTE })} data-testid="add-attribute">
            {t('eventTypes.addAttribute')}
          </Button>
        </Flex>
      )}
    </Form.List>
  );
}
