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
  lapsed: 'default',
} as const;

type Status = keyof typeof COLORS;
const isStatus = (s: string): s is Status => Object.prototype.hasOwnProperty.call(COLORS, s);
const ORDER: readonly string[] = Object.keys(COLORS);

/** A status's place in the closed loop, for ordering lists of them (unknown ones last). */
export const statusRank = (s: string) => (isStatus(s) ? ORDER.indexOf(s) : ORDER.length);

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
