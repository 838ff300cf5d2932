'use client';
import { useState } from 'react';
import dayjs, { type Dayjs } from 'dayjs';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Flex, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { FormModal } from '@/app/_components/form-modal';
import type { FieldOf } from '@/app/_components/server-error';
import { useTagValueLabel } from '@/app/_lib/tag-values';

interface ProductForm {
  id: string;
  nameZh: string;
  nameEn: string;
  priceCny: number;
  exclusiveWith: string[];
  requiredPlans: string[];
  minTenureMonths: number;
  active: boolean;
}
interface OfferForm {
  id: string;
  productId: string;
  nameZh: string;
  nameEn: string;
  priceCny: number;
  validity?: [Dayjs | null, Dayjs | null] | null;
  active: boolean;
}

/** Product and offer ids: what the API accepts (server/services/product-catalogue.ts). */
const ID_PATTERN = /^[a-z0-9][a-z0-9_.-]{0,63}$/;

/** The offer form edits the API's validFrom and validTo as one range. */
const offerField: FieldOf = (path) => (path[0] === 'validFrom' || path[0] === 'validTo' ? ['validity'] : path.length ? path : null);

/** The product catalogue: products with eligibility rules, and their offers. */
export function ProductsView() {
  const t = useTranslations('customerData');
  const tc = useTranslations('common');
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.products.list.queryOptions());
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: 60_000 });
  const plans = catalog.data?.tags.find((f) => f.name === 'plan')?.values ?? [];
  const planLabel = useTagValueLabel();
  const [product, setProduct] = useState<{ isNew: boolean; initial: ProductForm } | null>(null);
  const [offer, setOffer] = useState<{ isNew: boolean; initial: OfferForm } | null>(null);
  const done = async () => {
    message.success(t('saved'));
    setProduct(null);
    setOffer(null);
    await queryClient.invalidateQueries(trpc.products.list.queryFilter());
  };
  const saveProduct = useMutation(trpc.products.save.mutationOptions({ onSuccess: done }));
  const saveOffer = useMutation(trpc.products.saveOffer.mutationOptions({ onSuccess: done }));
  const name = (r: { nameZh: string; nameEn: string }) => (locale === 'en' ? r.nameEn : r.nameZh);
  const products = list.data ?? [];
  const fmtDate = (d: Date | null) => (d ? dayjs(d).format('YYYY-MM-DD') : t('products.open'));

  const editProduct = (initial: ProductForm, isNew: boolean) => {
    saveProduct.reset();
    setProduct({ isNew, initial });
  };
  const editOffer = (initial: OfferForm, isNew: boolean) => {
    saveOffer.reset();
    setOffer({ isNew, initial });
  };

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('products.title')}
        </Typography.Title>
        <Space>
          <Button
            icon={<PlusOutlined />}
            disabled={!products.length}
            onClick={() => editOffer({ id: '', productId: products[0]?.id ?? '', nameZh: '', nameEn: '', priceCny: 0, active: true, validity: null }, true)}
          >
            {t('products.addOffer')}
          </Button>
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => editProduct({ id: '', nameZh: '', nameEn: '', priceCny: 0, exclusiveWith: [], requiredPlans: [], minTenureMonths: 0, active: true }, true)}
          >
            {t('products.addProduct')}
          </Button>
        </Space>
      </Flex>
      <Typography.Paragraph type="secondary">{t('products.intro')}</Typography.Paragraph>
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={products}
        data-testid="products-table"
        pagination={false}
        expandable={{
          rowExpandable: (r) => r.offers.length > 0,
          expandedRowRender: (r) => (
            <Table
              rowKey="id"
              size="small"
              pagination={false}
              dataSource={r.offers}
              columns={[
                { title: t('products.columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
                { title: t('products.columns.name'), key: 'name', render: (_, o) => name(o) },
                { title: t('products.columns.price'), dataIndex: 'priceCny', align: 'right' },
                { title: t('products.columns.validity'), key: 'validity', render: (_, o) => `${fmtDate(o.validFrom)} – ${fmtDate(o.validTo)}` },
                { title: t('products.columns.active'), dataIndex: 'active', render: (a: boolean) => (a ? t('yes') : t('no')) },
                {
                  key: 'edit',
                  align: 'right',
                  render: (_, o) => (
                    <Button
                      size="small"
                      onClick={() =>
                        editOffer({ ...o, validity: o.validFrom || o.validTo ? [o.validFrom ? dayjs(o.validFrom) : null, o.validTo ? dayjs(o.validTo) : null] : null }, false)
                      }
                    >
                      {t('edit')}
                    </Button>
                  ),
                },
              ]}
            />
          ),
        }}
        columns={[
          { title: t('products.columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('products.columns.name'), key: 'name', render: (_, r) => name(r) },
          { title: t('products.columns.price'), dataIndex: 'priceCny', align: 'right' },
          {
            title: t('products.columns.exclusive'),
            dataIndex: 'exclusiveWith',
            render: (xs: string[]) =>
              xs.map((x) => {
                const other = products.find((p) => p.id === x);
                return (
                  <Tag key={x} title={x}>
                    {other ? name(other) : x}
                  </Tag>
                );
              }),
          },
          {
            title: t('products.columns.plans'),
            dataIndex: 'requiredPlans',
            render: (xs: string[]) =>
              xs.length ? (
                xs.map((x) => (
                  <Tag key={x} title={x}>
                    {planLabel('plan', x)}
                  </Tag>
                ))
              ) : (
                <Typography.Text type="secondary">{t('products.anyPlan')}</Typography.Text>
              ),
          },
          { title: t('products.columns.tenure'), dataIndex: 'minTenureMonths', align: 'right' },
          { title: t('products.columns.offers'), key: 'offers', align: 'right', render: (_, r) => r.offers.length },
          { title: t('products.columns.active'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('yes')}</Tag> : <Tag>{t('no')}</Tag>) },
          {
            key: 'edit',
            align: 'right',
            render: (_, r) => (
              <Button size="small" onClick={() => editProduct(r, false)}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <FormModal<ProductForm>
        values={product?.initial ?? null}
        error={saveProduct.error}
        title={t('products.productTitle')}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={saveProduct.isPending}
        onCancel={() => setProduct(null)}
        onFinish={(v) => saveProduct.mutate({ ...v, create: product?.isNew ?? false })}
      >
        <Form.Item name="id" label={t('products.fields.id')} rules={[{ required: true }, { pattern: ID_PATTERN, message: t('products.idPattern') }]}>
          <Input disabled={!product?.isNew} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('products.fields.nameZh')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('products.fields.nameEn')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="priceCny" label={t('products.fields.priceCny')} rules={[{ required: true }, { type: 'number', min: 0 }]}>
            <InputNumber step={1} data-testid="product-price" />
          </Form.Item>
          <Form.Item name="minTenureMonths" label={t('products.fields.minTenureMonths')} rules={[{ type: 'number', min: 0, max: 1200 }]}>
            <InputNumber precision={0} />
          </Form.Item>
          <Form.Item name="active" label={t('products.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="exclusiveWith" label={t('products.fields.exclusiveWith')}>
          <Select mode="multiple" options={products.map((p) => ({ value: p.id, label: `${name(p)} (${p.id})` }))} />
        </Form.Item>
        <Form.Item name="requiredPlans" label={t('products.fields.requiredPlans')}>
          <Select mode="tags" options={plans.map((p) => ({ value: p, label: `${planLabel('plan', p)} (${p})` }))} />
        </Form.Item>
      </FormModal>
      <FormModal<OfferForm>
        values={offer?.initial ?? null}
        error={saveOffer.error}
        fieldOf={offerField}
        title={t('products.offerTitle')}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={saveOffer.isPending}
        onCancel={() => setOffer(null)}
        onFinish={({ validity, ...v }) => saveOffer.mutate({ ...v, validFrom: validity?.[0]?.toDate() ?? null, validTo: validity?.[1]?.toDate() ?? null, create: offer?.isNew ?? false })}
      >
        <Form.Item name="id" label={t('products.fields.id')} rules={[{ required: true }, { pattern: ID_PATTERN, message: t('products.idPattern') }]}>
          <Input disabled={!offer?.isNew} />
        </Form.Item>
        <Form.Item name="productId" label={t('products.fields.productId')} rules={[{ required: true }]}>
          <Select options={products.map((p) => ({ value: p.id, label: `${name(p)} (${p.id})` }))} />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('products.fields.nameZh')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
          <Form.Item name="nameEn" label={t('products.fields.nameEn')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Input />
          </Form.Item>
        </Flex>
        <Flex gap={12}>
          <Form.Item name="priceCny" label={t('products.fields.priceCny')} rules={[{ required: true }, { type: 'number', min: 0 }]}>
            <InputNumber />
          </Form.Item>
          <Form.Item name="active" label={t('products.fields.active')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Flex>
        <Form.Item name="validity" label={t('products.fields.validity')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
      </FormModal>
    </>
  );
}
