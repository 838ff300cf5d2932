'use client';
// The campaign's closed loop on one page (issue 6): its plan and allocation, what it has used,
// its lifecycle with who and when, and its evaluation report.
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Skeleton, Space, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { StatusTag } from '@/app/_components/status-tag';
import { PlanForm } from './plan-form';
import { LifecycleTimeline } from './lifecycle-timeline';
import { EvaluationReport } from './evaluation-report';

export function PlanView({ campaignId }: { campaignId: string }) {
  const t = useTranslations('closedLoop.plan');
  const trpc = useTRPC();
  const campaign = useQuery(trpc.campaigns.get.queryOptions({ id: campaignId }));
  if (campaign.error) return <Alert type="error" showIcon title={campaign.error.message} />;
  if (!campaign.data) return <Skeleton active />;
  const c = campaign.data;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Space align="center">
        <Link href={`/campaigns/${campaignId}`} aria-label={t('back')} data-testid="plan-back">
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('title', { name: c.name })}
        </Typography.Title>
        <span data-testid="plan-status">
          <StatusTag status={c.status} />
        </span>
      </Space>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Card title={t('settings')}>
            <PlanForm campaign={c} />
          </Card>
        </Col>
        <Col xs={24} xl={10}>
          <Card title={t('timeline')}>
            <LifecycleTimeline campaignId={campaignId} />
          </Card>
        </Col>
      </Row>
      <Card title={t('evaluation')}>
        <EvaluationReport campaignId={campaignId} status={c.status} />
      </Card>
    </Space>
  );
}
