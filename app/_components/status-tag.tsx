'use client';
import { useTranslations } from 'next-intl';
import { Tag } from 'antd';
// The statuses and their order around the closed loop are shared with the server, which sorts by it.
import { isStatus, type Status } from '@/server/services/status-order';

const COLORS: Record<Status, string> = {
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
  lapsed: 'default',
};

/** A status's name in the reader's language (the server stores them as text). */
export function useStatusLabel(): (status: string) => string {
  const t = useTranslations('status');
  const tl = useTranslations('closedLoop.status');
  return (s) => (!isStatus(s) ? s : s === 'in_approval' || s === 'scheduled' || s === 'evaluated' ? tl(s) : t(s));
}

/** A campaign's or a flow version's status. */
export function StatusTag({ status }: { status: string }) {
  const label = useStatusLabel();
  if (!isStatus(status)) return <Tag>{status}</Tag>;
  return (
    <Tag color={COLORS[status]} data-testid="status-tag" data-status={status}>
      {label(status)}
    </Tag>
  );
}
