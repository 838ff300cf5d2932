'use client';
import Link from 'next/link';
import { useLocale, useMessages, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Descriptions, Empty, Result, Row, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { getKind } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { pickText } from '@/app/_lib/localized';
import { useCodeLabels } from '@/app/_lib/code-labels';
import { DateTime } from '@/app/_components/date-time';
import { TagValue } from '../tag-value';
import { SubscriptionsCard } from './subscriptions-card';
import { namesUnavailableOffer, OfferReasons } from './offer-reasons';

const OUTCOME_COLORS: Record<string, string> = {
  entered: 'blue',
  contact_requested: 'processing',
  sent: 'success',
  delivered: 'success',
  suppressed: 'warning',
  yes: 'green',
  no: 'orange',
  exited: 'default',
  failed: 'error',
};

/** One subscriber: tags from the analytics system, the steps of their journeys and the messages sent. */
export function CustomerView({ customerId }: { customerId: string }) {
  const t = useTranslations('customers.detail');
  const codes = useCodeLabels();
  const tc = useTranslations('common');
  const messages = useMessages();
  const locale = useLocale();
  const trpc = useTRPC();
  // Polls, so an event posted through the API shows up within seconds.
  const data = useQuery({ ...trpc.customers.get.queryOptions({ id: customerId }), refetchInterval: 2_000, retry: false });
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: Infinity });
  const outcomes: Record<string, string> = messages.customers.outcomes;
  const reasons: Record<string, string> = messages.customers.reasons;

  if (data.error && !data.data) {
    const notFound = callError(data.error).code === 'NOT_FOUND';
    return <Result status={notFound ? '404' : 'error'} title={notFound ? t('notFound', { id: customerId }) : tc('loadFailed', { message: data.error.message })} />;
  }
  if (!data.data) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;

  const { customer, steps, messages: sent } = data.data;
  const tagDefs = catalog.data?.tags ?? [];
  const known = new Set(tagDefs.map((d) => d.name));
  const extra = Object.keys(customer.tags).filter((k) => !known.has(k));

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        <Link href="/customers" aria-label={t('back')} style={{ marginRight: 12, fontSize: 18 }}>
          <ArrowLeftOutlined />
        </Link>
        {customer.name} <Typography.Text type="secondary" style={{ fontSize: 16 }}>{customer.id} · {customer.msisdn}</Typography.Text>
      </Typography.Title>
      {data.error && <Alert type="warning" showIcon title={tc('loadFailed', { message: data.error.message })} style={{ marginBottom: 12 }} />}
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={9}>
          <Card title={t('tags')} size="small">
            <Descriptions
              column={1}
              size="small"
              bordered
              data-testid="customer-tags"
              items={[
                ...tagDefs.map((def) => ({
                  key: def.name,
                  label: (
                    <Tooltip title={def.description ? pickText(def.description, locale) : def.name}>
                      <span>{pickText(def.label, locale)}</span>
                    </Tooltip>
                  ),
                  children: <TagValue name={def.name} value={customer.tags[def.name]} />,
                })),
                ...extra.map((name) => ({ key: name, label: name, children: <TagValue name={name} value={customer.tags[name]} /> })),
              ]}
            />
          </Card>
          <SubscriptionsCard customerId={customerId} />
        </Col>
        <Col xs={24} xl={15}>
          <Card title={t('steps', { count: steps.length })} size="small" style={{ marginBottom: 16 }}>
            {steps.length === 0 ? (
              <Empty description={t('noSteps')} />
            ) : (
              <Timeline
                data-testid="customer-steps"
                items={[...steps].reverse().map((s) => {
                  const kind = getKind(s.nodeKind);
                  const detail = s.detail as { reason?: unknown; detail?: unknown };
                  // A contact whose offer is not on sale says which offer and why below, instead.
                  const reason = typeof detail.reason === 'string' && !namesUnavailableOffer(s.detail) ? (reasons[detail.reason] ?? detail.reason) : null;
                  // An offer choice's outcome is the offer chosen (or "none eligible"): say its name.
                  const offer = s.nodeKind === 'offer_choice' ? catalog.data?.offers.find((o) => o.id === s.outcome) : undefined;
                  const port = kind?.portLabels?.[s.outcome];
                  const outcome = outcomes[s.outcome] ?? (offer ? pickText(offer.label, locale) : port ? pickText(port, locale) : s.outcome);
                  return {
                    key: String(s.id),
                    color: OUTCOME_COLORS[s.outcome] === 'warning' ? 'orange' : OUTCOME_COLORS[s.outcome] === 'success' ? 'green' : OUTCOME_COLORS[s.outcome] === 'error' ? 'red' : 'blue',
                    title: <DateTime value={s.at} withSeconds />,
                    content: (
                      <div data-testid="step" data-campaign={s.campaignName} data-node={s.nodeId} data-kind={s.nodeKind} data-outcome={s.outcome}>
                        <Typography.Text strong>{s.campaignName}</Typography.Text>
                        {' · '}
                        {/* What happened to a contact (delivered, accepted…) is recorded under its channel. */}
                        {kind ? pickText(kind.label, locale) : codes.channel(s.nodeKind)} <Typography.Text type="secondary">({s.nodeId})</Typography.Text>{' '}
                        <Tag color={OUTCOME_COLORS[s.outcome] ?? 'default'}>{outcome}</Tag>
                        {reason && <Typography.Text type="warning">{reason}</Typography.Text>}
                        <OfferReasons detail={s.detail} offers={catalog.data?.offers} />
                      </div>
                    ),
                  };
                })}
              />
            )}
          </Card>
          <Card title={t('messages', { count: sent.length })} size="small">
            <Table
              size="small"
              rowKey="id"
              dataSource={[...sent].reverse()}
              pagination={false}
              locale={{ emptyText: t('noMessages') }}
              data-testid="customer-messages"
              columns={[
                { title: t('columns.at'), dataIndex: 'at', width: 170, render: (d: Date) => <DateTime value={d} withSeconds /> },
                { title: t('columns.channel'), dataIndex: 'channel', width: 120, render: (c: string) => <Tag data-testid="message-channel">{codes.channel(c)}</Tag> },
                { title: t('columns.address'), dataIndex: 'address', width: 130 },
                { title: t('columns.body'), dataIndex: 'body', render: (b: string) => <span data-testid="message-body">{b}</span> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}
