'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Empty, Input, Space, Spin, Typography } from 'antd';
import { PhoneOutlined, SearchOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { CustomerCard } from '../_components/customer-card';
import { TaskCard } from '../_components/task-card';

/**
 * Scenario marketing on inbound calls (用户呼入情景营销): the agent enters the caller's number and
 * sees the caller's card and the offers live flows hold for them now. Polls, so an offer a flow
 * creates while the caller is on the line appears within seconds.
 */
export function InboundView() {
  const t = useTranslations('workbench');
  const trpc = useTRPC();
  const [input, setInput] = useState('');
  const [query, setQuery] = useState('');
  const caller = useQuery({
    ...trpc.frontline.caller.queryOptions({ query }),
    enabled: query !== '',
    refetchInterval: 2_000,
    retry: false,
  });
  const err = caller.error ? callError(caller.error) : null;
  const submit = () => setQuery(input.trim());
  const clear = () => {
    setInput('');
    setQuery('');
  };

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('inbound.title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('inbound.hint')}</Typography.Paragraph>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        style={{ marginBottom: 20 }}
      >
        <label htmlFor="caller-number" style={{ display: 'block', marginBottom: 6, fontSize: 16 }}>
          {t('inbound.numberLabel')}
        </label>
        <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
          <Input
            id="caller-number"
            data-testid="caller-number"
            size="large"
            inputMode="tel"
            autoComplete="off"
            autoFocus
            maxLength={40}
            prefix={<PhoneOutlined />}
            placeholder={t('inbound.numberPlaceholder')}
            value={input}
            onChange={(e) => setInput(e.target.value)}
            style={{ fontSize: 20 }}
          />
          <Button type="primary" size="large" htmlType="submit" icon={<SearchOutlined />} data-testid="caller-find" style={{ minHeight: 48 }}>
            {t('inbound.find')}
          </Button>
        </Space.Compact>
        {query && (
          <Button size="large" onClick={clear} style={{ marginLeft: 12, minHeight: 48 }} data-testid="caller-clear">
            {t('inbound.clear')}
          </Button>
        )}
      </form>
      {err && (
        <Alert
          type={err.code === 'NOT_FOUND' || err.code === 'BAD_REQUEST' ? 'warning' : 'error'}
          showIcon
          role="alert"
          data-testid="caller-error"
          title={err.code === 'NOT_FOUND' ? t('inbound.notFound', { query }) : err.code === 'BAD_REQUEST' ? t('inbound.badQuery', { query }) : t('loadFailed', { message: err.message })}
          style={{ marginBottom: 16 }}
        />
      )}
      {query && caller.isLoading && <Spin size="large" style={{ display: 'block', margin: '40px auto' }} />}
      {caller.data && !err && (
        <>
          <CustomerCard customer={caller.data.customer} />
          <Typography.Title level={3} data-testid="offers-heading">
            {t('inbound.offers', { count: caller.data.offers.length })}
          </Typography.Title>
          {caller.data.offers.length === 0 ? (
            <Empty description={t('inbound.noOffers')} data-testid="no-offers" />
          ) : (
            caller.data.offers.map((o) => <TaskCard key={o.id} task={o} serverNow={caller.data.now} />)
          )}
        </>
      )}
    </>
  );
}
