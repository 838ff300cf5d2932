'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { Alert, App, Button, Flex, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { Department, Role } from '@/server/auth/roles';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { FormModal } from '@/app/_components/form-modal';
import { pickText } from '@/app/_lib/localized';

interface AccessForm {
  role: Role;
  department: Department;
  titles: string[];
  team?: string | null;
  shopId?: string | null;
}

interface Row {
  id: string;
  name: string;
  email: string;
  role: string;
  department: string;
  titles: string[];
  team: string | null;
  shopId: string | null;
  roleSource: string | null;
  updatedAt: Date;
}

/** A team or shop of the organisation, as the pickers and the workplace column read it. */
interface Unit {
  id: string;
  name: { zh: string; en: string };
  active: boolean;
}

/** Where the role came from: the provider's mapping, an administrator, the seed, or nobody yet. */
function sourceOf(r: Pick<Row, 'role' | 'roleSource'>): 'sso' | 'manual' | 'seed' | 'pending' {
  if (r.roleSource === 'sso' || r.roleSource === 'manual') return r.roleSource;
  return Role.safeParse(r.role).success ? 'seed' : 'pending';
}

const SOURCE_COLOR = { sso: 'blue', manual: 'gold', seed: 'default', pending: 'red' } as const;

/** Accounts with their role, department, job titles and the role's origin; administrators change them. */
export function UsersView() {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const tRoles = useTranslations('shell.roles');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const list = useQuery(trpc.users.list.queryOptions());
  const org = useQuery(trpc.frontlineOrg.choices.queryOptions());
  const locale = useLocale();
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Row | null>(null);
  const roleName = (role: string) => (Role.safeParse(role).success ? tRoles(role as Role) : t('pending'));
  const save = useMutation(
    trpc.users.setAccess.mutationOptions({
      onSuccess: async (saved) => {
        message.success(t('saved', { name: editing?.name ?? '', role: roleName(saved.role) }));
        setEditing(null);
        await queryClient.invalidateQueries(trpc.users.list.queryFilter());
      },
    }),
  );
  // A refused team or shop is said under its field (FormModal); anything else above the fields.
  const fieldError = save.error && callError(save.error).fields.length ? save.error : null;
  const saveError = useMemo(() => {
    if (!save.error || !editing || fieldError) return null;
    const details = save.error instanceof TRPCClientError ? (save.error.data as { details?: { reason?: string } } | undefined)?.details : undefined;
    return details?.reason === 'last_admin' ? t('errors.lastAdmin', { name: editing.name }) : callError(save.error).message;
  }, [save.error, editing, fieldError, t]);

  /** A team's or shop's name, marked when deactivated; an id the organisation lacks shows as it is. */
  const unitName = (units: Unit[] | undefined, id: string | null) => {
    if (!id) return '';
    const u = units?.find((x) => x.id === id);
    if (!u) return id;
    return u.active ? pickText(u.name, locale) : t('inactive', { name: pickText(u.name, locale) });
  };
  /** The active teams or shops, and the one the account has even if deactivated (kept, not offered to others). */
  const unitOptions = (units: Unit[] | undefined, current: string | null | undefined) =>
    (units ?? []).filter((u) => u.active || u.id === current).map((u) => ({ value: u.id, label: `${unitName(units, u.id)} (${u.id})`, disabled: !u.active }));

  const rows = (list.data ?? []).filter((u) => {
    const q = search.trim().toLowerCase();
    return !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q);
  });

  const open = (r: Row) => {
    save.reset();
    setEditing(r);
  };
  // The account's access as the dialog's form opens with it.
  const initial = useMemo<Partial<AccessForm> | null>(
    () =>
      editing && {
        role: Role.safeParse(editing.role).success ? (editing.role as Role) : undefined,
        department: Department.safeParse(editing.department).success ? (editing.department as Department) : 'market',
        titles: editing.titles,
        team: editing.team,
        shopId: editing.shopId,
      },
    [editing],
  );

  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Input.Search allowClear placeholder={t('search')} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 320, marginBottom: 12 }} data-testid="users-search" />
      {list.error && <Alert type="error" showIcon title={tc('loadFailed', { message: list.error.message })} />}
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={list.isPending}
        dataSource={rows}
        data-testid="users-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        onRow={(r) => ({ 'data-testid': `user-${r.email}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('columns.name'), dataIndex: 'name' },
          { title: t('columns.email'), dataIndex: 'email' },
          {
            title: t('columns.role'),
            key: 'role',
            render: (_, r) => (
              <span data-testid="user-role">
                {roleName(r.role)} · <DepartmentName department={r.department} />
              </span>
            ),
          },
          {
            title: t('columns.titles'),
            dataIndex: 'titles',
            render: (titles: string[]) => (
              <Space size={[0, 4]} wrap data-testid="user-titles">
                {titles.map((x) => (
                  <Tag key={x}>{x}</Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('columns.workplace'),
            key: 'workplace',
            render: (_, r) => (
              <span data-testid="user-workplace">{[unitName(org.data?.teams, r.team), unitName(org.data?.shops, r.shopId)].filter(Boolean).join(' · ')}</span>
            ),
          },
          {
            title: t('columns.source'),
            key: 'source',
            render: (_, r) => (
              <Tag color={SOURCE_COLOR[sourceOf(r)]} data-testid="user-source">
                {t(`source.${sourceOf(r)}`)}
              </Tag>
            ),
          },
          { title: t('columns.updated'), dataIndex: 'updatedAt', render: (d: Date) => <DateTime value={d} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Button size="small" icon={<EditOutlined />} onClick={() => open(r)} data-testid={`edit-${r.email}`}>
                {t('edit')}
              </Button>
            ),
          },
        ]}
      />
      <FormModal<AccessForm>
        values={initial}
        title={editing ? t('editTitle', { name: editing.name }) : ''}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        error={fieldError}
        onFinish={(v) => editing && save.mutate({ userId: editing.id, role: v.role, department: v.department, titles: v.titles ?? [], team: v.team ?? null, shopId: v.shopId ?? null })}
        okButtonProps={{ 'data-testid': 'save-access' } as Record<string, string>}
      >
        {editing?.roleSource === 'sso' && <Alert type="info" showIcon title={t('ssoWarning')} style={{ marginBottom: 12 }} />}
        {saveError && <Alert type="error" showIcon title={saveError} style={{ marginBottom: 12 }} data-testid="access-error" />}
        <Flex gap={12}>
          <Form.Item name="role" label={t('fields.role')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select data-testid="access-role" options={Role.options.map((r) => ({ value: r, label: tRoles(r) }))} />
          </Form.Item>
          <Form.Item name="department" label={t('fields.department')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select data-testid="access-department" options={Department.options.map((d) => ({ value: d, label: <DepartmentName department={d} /> }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="titles" label={t('fields.titles')} extra={t('fields.titlesHelp')}>
          <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={[',', '，']} data-testid="access-titles" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="team" label={t('fields.team')} style={{ flex: 1 }}>
            <Select allowClear placeholder={t('fields.none')} options={unitOptions(org.data?.teams, editing?.team)} showSearch={{ optionFilterProp: 'label' }} data-testid="access-team" />
          </Form.Item>
          <Form.Item name="shopId" label={t('fields.shop')} style={{ flex: 1 }}>
            <Select allowClear placeholder={t('fields.none')} options={unitOptions(org.data?.shops, editing?.shopId)} showSearch={{ optionFilterProp: 'label' }} data-testid="access-shop" />
          </Form.Item>
        </Flex>
        <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
          {t('fields.workplaceHelp')}
        </Typography.Paragraph>
      </FormModal>
    </>
  );
}
