'use client';
import { useTranslations } from 'next-intl';
import { Tag } from 'antd';

const COLORS = {
  draft: 'default',
  submitted: 'processing',
  in_approval: 'processing',
  approved: 'cyan',
  scheduled: 'geekblue',
  rejected: 'error',
  live: 'success',
  paused: 'warning',
  ended: 'default',
  evaluated: 'purple',
  superseded: 'default',
} as const;

type Status = keyof typeof COLORS;
const isStatus = (s: string): s is Status => Object.prototype.hasOwnProperty.call(COLORS, s);

/** A campaign's or a flow version's status (the server stores them as text). */
export function StatusTag({ status }: { status: string }) {
  const t = useTranslations('status');
  const tl = useTranslations('closedLoop.status');
  if (!isStatus(status)) return <Tag>{status}</Tag>;
  return (
    <Tag color={COLORS[status]} data-testid="status-tag" data-status={status}>
      {status === 'in_approval' || status === 'scheduled' || status === 'evaluated' ? tl(status) : t(status)}
    </Tag>
  );
}
