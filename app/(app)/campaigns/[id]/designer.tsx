'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { ReactFlowProvider } from '@xyflow/react';
import { Result, Button, Spin } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DesignerEditor } from './designer-editor';

/** Loads the campaign and the catalog, then hands them to the editor (which owns the drawing). */
export function Designer({ campaignId }: { campaignId: string }) {
  const t = useTranslations('designer');
  const trpc = useTRPC();
  // The editor keeps its own copy of the graph; refetches only refresh status and revision.
  const campaign = useQuery({ ...trpc.campaigns.get.queryOptions({ id: campaignId }), refetchOnWindowFocus: true, retry: false });
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: Infinity });

  const error = campaign.error ?? catalog.error;
  if (error) {
    const code = callError(error).code;
    return (
      <Result
        status={code === 'NOT_FOUND' || code === 'BAD_REQUEST' ? '404' : 'error'}
        title={code === 'NOT_FOUND' || code === 'BAD_REQUEST' ? t('notFound') : t('loadFailed')}
        subTitle={error.message}
        extra={
          <Link href="/campaigns">
            <Button>{t('backToList')}</Button>
          </Link>
        }
      />
    );
  }
  if (!campaign.data || !catalog.data) return <Spin size="large" style={{ display: 'block', marginTop: 80 }} />;
  return (
    <ReactFlowProvider>
      <DesignerEditor key={campaignId} campaign={campaign.data} catalog={catalog.data} />
    </ReactFlowProvider>
  );
}
