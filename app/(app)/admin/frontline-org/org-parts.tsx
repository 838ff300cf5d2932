'use client';
// What the shops and teams tabs share: the rows as listed, the cities to choose from (the customer
// tag `region`'s values, as the customers' city is read), the status cell and the row actions.
import { useMemo } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { Button, Popconfirm, Space, Tag, Typography } from 'antd';
import type { AppRouter } from '@/server/api/root';
import { useTRPC } from '@/app/_lib/trpc';
import { useTagValueLabel } from '@/app/_lib/tag-values';
import { DateTime } from '@/app/_components/date-time';

type Listed = inferRouterOutputs<AppRouter>['frontlineOrg']['list'];
export type ShopRow = Listed['shops'][number];
export type TeamRow = Listed['teams'][number];
type OrgRow = ShopRow | TeamRow;

/** The cities a team or shop may serve, with their names; a city no longer declared shows as its code. */
export function useCities() {
  const trpc = useTRPC();
  const catalog = useQuery({ ...trpc.session.catalog.queryOptions(), staleTime: 60_000 });
  const label = useTagValueLabel();
  const region = catalog.data?.tags.find((f) => f.name === 'region');
  const values = useMemo(() => (region?.type === 'enum' ? (region.values ?? []) : []), [region]);
  const cityName = (city: string) => label('region', city);
  const options = values.map((c) => ({ value: c, label: cityName(c) === c ? c : `${cityName(c)} (${c})` }));
  return { options, cityName, loaded: !catalog.isPending };
}

/** The name in the reader's language. */
export function useRowName() {
  const locale = useLocale();
  return (r: { nameZh: string; nameEn: string }) => (locale === 'en' ? r.nameEn : r.nameZh);
}

export function StatusCell({ row }: { row: OrgRow }) {
  const t = useTranslations('frontlineOrg');
  return (
    <Space size={4} wrap>
      <Tag color={row.active ? 'green' : 'default'} data-testid="org-status">
        {t(row.active ? 'status.active' : 'status.inactive')}
      </Tag>
      {row.history && <Typography.Text type="secondary">{t('history')}</Typography.Text>}
      {row.sso.length > 0 && (
        <Typography.Text type="secondary" data-testid="org-sso">
          {t('ssoMapped', { claims: row.sso.join(', ') })}
        </Typography.Text>
      )}
    </Space>
  );
}

export function UpdatedCell({ row }: { row: OrgRow }) {
  const t = useTranslations('frontlineOrg');
  return (
    <span>
      <DateTime value={row.updatedAt} />
      {row.updatedBy && <Typography.Text type="secondary"> {t('by', { who: row.updatedBy })}</Typography.Text>}
    </span>
  );
}

/**
 * Edit; deactivate or reactivate (asking first, and saying who stays assigned); delete, offered
 * only while nothing refers to the record (the server refuses otherwise anyway). What the single
 * sign-on mapping names cannot be deactivated or deleted: the server says so.
 */
export function RowActions({ row, testId, onEdit, onActive, onDelete }: { row: OrgRow; testId: string; onEdit: () => void; onActive: (active: boolean) => void; onDelete: () => void }) {
  const t = useTranslations('frontlineOrg');
  const name = useRowName()(row);
  return (
    <Space>
      <Button size="small" onClick={onEdit} data-testid={`edit-${testId}`}>
        {t('edit')}
      </Button>
      {row.active ? (
        <Popconfirm
          title={t('deactivateConfirm', { name })}
          description={row.staff ? t('staffStay', { count: row.staff }) : undefined}
          onConfirm={() => onActive(false)}
          okText={t('deactivate')}
          cancelText={t('no')}
        >
          <Button size="small" data-testid={`deactivate-${testId}`}>
            {t('deactivate')}
          </Button>
        </Popconfirm>
      ) : (
        <Button size="small" onClick={() => onActive(true)} data-testid={`reactivate-${testId}`}>
          {t('reactivate')}
        </Button>
      )}
      {!row.staff && !row.history && !row.sso.length && (
        <Popconfirm title={t('deleteConfirm', { name })} onConfirm={onDelete} okText={t('delete')} cancelText={t('no')}>
          <Button size="small" danger data-testid={`delete-${testId}`}>
            {t('delete')}
          </Button>
        </Popconfirm>
      )}
    </Space>
  );
}

/** Ids: what the API accepts (server/services/frontline-org-admin.ts). */
export const ORG_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
