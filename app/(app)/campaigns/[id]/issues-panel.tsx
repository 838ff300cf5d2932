'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Button, Empty, Typography } from 'antd';
import { CheckCircleOutlined, CloseCircleOutlined } from '@ant-design/icons';
import { pickText } from '@/app/_lib/localized';
import type { FlowIssue } from '@/app/_lib/flow-issue';

/** The flow's problems, each a button that selects the node it concerns. */
export function IssuesPanel({ issues, onSelect }: { issues: FlowIssue[]; onSelect(nodeId: string): void }) {
  const t = useTranslations('designer.issues');
  const locale = useLocale();
  if (!issues.length) {
    return (
      <Empty
        image={<CheckCircleOutlined style={{ fontSize: 40, color: '#52c41a' }} />}
        description={t('none')}
        data-testid="issues-none"
      />
    );
  }
  return (
    <ol aria-label={t('title')} data-testid="issues-list" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {issues.map((issue, i) => (
        <li key={`${issue.nodeId ?? ''}-${issue.rule}-${i}`} style={{ borderBottom: '1px solid #f5f5f5', padding: '6px 0' }}>
          <Button
            type="text"
            disabled={!issue.nodeId}
            onClick={() => issue.nodeId && onSelect(issue.nodeId)}
            style={{ height: 'auto', whiteSpace: 'normal', textAlign: 'left', display: 'flex', gap: 8, alignItems: 'flex-start', width: '100%' }}
            data-testid="issue-item"
            data-node={issue.nodeId}
            data-rule={issue.rule}
          >
            <CloseCircleOutlined style={{ color: '#ff4d4f', marginTop: 4 }} />
            <Typography.Text>{pickText(issue.message, locale)}</Typography.Text>
          </Button>
        </li>
      ))}
    </ol>
  );
}
