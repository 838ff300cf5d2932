'use client';
import { useTranslations } from 'next-intl';
import { Button, Popconfirm, Space, Typography } from 'antd';
import { RedoOutlined } from '@ant-design/icons';

/**
 * "Retry all N matching": behind a confirmation that asks `question`, names the filter in words
 * (`filterWords`, empty for none) and says what a retry does (`hint`). Disabled while nothing
 * matches, while the count is not yet for this filter (`ready`), and while a retry runs (`pending`).
 */
export function RetryAll(props: { total: number; ready: boolean; pending: boolean; question: string; hint: string; filterWords: string; onConfirm: () => void; testId: string }) {
  const t = useTranslations('operations');
  const tc = useTranslations('common');
  const disabled = props.pending || !props.ready || props.total === 0;
  return (
    <Popconfirm
      title={
        <Space orientation="vertical" size={4} style={{ maxWidth: 420 }}>
          <span>{props.question}</span>
          <Typography.Text type="secondary">{props.filterWords ? t('bulk.matching', { filter: props.filterWords }) : t('bulk.noFilterAll')}</Typography.Text>
          <Typography.Text type="secondary">{props.hint}</Typography.Text>
        </Space>
      }
      onConfirm={props.onConfirm}
      okText={t('retry')}
      cancelText={tc('cancel')}
      disabled={disabled}
    >
      <Button icon={<RedoOutlined />} disabled={disabled} loading={props.pending} data-testid={props.testId}>
        {t('bulk.retryAll', { count: props.total })}
      </Button>
    </Popconfirm>
  );
}
