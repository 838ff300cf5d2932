'use client';
import { useMemo, useState } from 'react';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRPCClientError } from '@trpc/client';
import { Alert, App, Button, Flex, Form, Input, Popconfirm, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { EditOutlined, KeyOutlined, StopOutlined, UndoOutlined, UserAddOutlined } from '@ant-design/icons';
import { Department, Role } from '@/server/auth/roles';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { DateTime } from '@/app/_components/date-time';
import { DepartmentName } from '@/app/_components/department-name';
import { FormModal } from '@/app/_components/form-modal';
import { pickText } from '@/app/_lib/localized';
import { useActor } from '@/app/_lib/actor';
import { NewUserModal } from './new-user-modal';
import { ResetPasswordModal } from './reset-password-modal';

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
  disabledAt: Date | null;
  /** False for an account that signs in only through single sign-on. */
  hasPassword: boolean;
  mustChangePassword: boolean;
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

/** Accounts with their role, department, job titles, the role's origin and status; administrators create, change, reset the password of, disable and enable them. */
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
  const me = useActor();
  const format = useFormatter();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<'all' | 'enabled' | 'disabled'>('all');
  const [editing, setEditing] = useState<Row | null>(null);
  const [creating, setCreating] = useState(false);
  const [resetting, setResetting] = useState<Row | null>(null);
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
  const refresh = () => queryClient.invalidateQueries(trpc.users.list.queryFilter());
  const disable = useMutation(
    trpc.users.disable.mutationOptions({
      onSuccess: async (_, { userId }) => {
        message.success(t('disabled', { name: list.data?.find((u) => u.id === userId)?.name ?? '' }));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const enable = useMutation(
    trpc.users.enable.mutationOptions({
      onSuccess: async (_, { userId }) => {
        message.success(t('enabled', { name: list.data?.find((u) => u.id === userId)?.name ?? '' }));
        await refresh();
      },
      onError: (e) => message.error(callError(e).message),
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
    if (status !== 'all' && (status === 'disabled') !== Boolean(u.disabledAt)) return false;
    return !q || u.name.toLowerCase().includes(q) || u.email.toLowerCase().includes(q);
  });

  /** Role, department, titles, team and shop: the same fields when changing a role and creating an account. */
  const accessFields = (current: { team: string | null; shopId: string | null } | null) => (
    <>
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
          <Select allowClear placeholder={t('fields.none')} options={unitOptions(org.data?.teams, current?.team)} showSearch={{ optionFilterProp: 'label' }} data-testid="access-team" />
        </Form.Item>
        <Form.Item name="shopId" label={t('fields.shop')} style={{ flex: 1 }}>
          <Select allowClear placeholder={t('fields.none')} options={unitOptions(org.data?.shops, current?.shopId)} showSearch={{ optionFilterProp: 'label' }} data-testid="access-shop" />
        </Form.Item>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
        {t('fields.workplaceHelp')}
      </Typography.Paragraph>
    </>
  );

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
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Title level={2} style={{ margin: 0 }}>
          {t('title')}
        </Typography.Title>
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => setCreating(true)} data-testid="create-user">
          {t('create.button')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('intro')}
      </Typography.Paragraph>
      <Flex gap={12} style={{ marginBottom: 12 }}>
        <Input.Search allowClear placeholder={t('search')} onChange={(e) => setSearch(e.target.value)} style={{ maxWidth: 320 }} data-testid="users-search" />
        <Select
          aria-label={t('filter.label')}
          value={status}
          onChange={setStatus}
          style={{ width: 160 }}
          data-testid="users-status-filter"
          options={(['all', 'enabled', 'disabled'] as const).map((v) => ({ value: v, label: t(`filter.${v}`) }))}
        />
      </Flex>
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
          {
            title: t('columns.status'),
            key: 'status',
            render: (_, r) =>
              r.disabledAt ? (
                <Tooltip title={t('disabledOn', { date: format.dateTime(new Date(r.disabledAt), { dateStyle: 'short', timeStyle: 'short' }) })}>
                  <Tag color="red" data-testid="user-status">
                    {t('status.disabled')}
                  </Tag>
                </Tooltip>
              ) : (
                <Space size={4}>
                  <Tag color="green" data-testid="user-status">
                    {t('status.enabled')}
                  </Tag>
                  {r.mustChangePassword && (
                    <Tooltip title={t('mustChangeHint')}>
                      <Tag color="orange" data-testid="user-must-change">
                        {t('status.mustChange')}
                      </Tag>
                    </Tooltip>
                  )}
                </Space>
              ),
          },
          { title: t('columns.updated'), dataIndex: 'updatedAt', render: (d: Date) => <DateTime value={d} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <Space size={4}>
                <Button size="small" icon={<EditOutlined />} onClick={() => open(r)} data-testid={`edit-${r.email}`}>
                  {t('edit')}
                </Button>
                {/* One's own password is changed from the menu under one's name (giving the current one). */}
                <Tooltip title={r.id === me.id ? t('reset.self') : !r.hasPassword ? t('reset.sso') : undefined}>
                  <Button size="small" icon={<KeyOutlined />} disabled={r.id === me.id || !r.hasPassword} onClick={() => setResetting(r)} data-testid={`reset-${r.email}`}>
                    {t('reset.button')}
                  </Button>
                </Tooltip>
                {r.disabledAt ? (
                  <Popconfirm title={t('enableConfirm', { name: r.name })} onConfirm={() => enable.mutate({ userId: r.id })} okText={t('enable')} cancelText={tc('cancel')}>
                    <Button size="small" icon={<UndoOutlined />} data-testid={`enable-${r.email}`}>
                      {t('enable')}
                    </Button>
                  </Popconfirm>
                ) : r.id === me.id ? (
                  <Tooltip title={t('self')}>
                    <Button size="small" danger icon={<StopOutlined />} disabled data-testid={`disable-${r.email}`}>
                      {t('disable')}
                    </Button>
                  </Tooltip>
                ) : (
                  <Popconfirm
                    title={t('disableConfirm', { name: r.name })}
                    onConfirm={() => disable.mutate({ userId: r.id })}
                    okText={t('disable')}
                    okButtonProps={{ danger: true, ...({ 'data-testid': 'disable-confirm' } as Record<string, string>) }}
                    cancelText={tc('cancel')}
                  >
                    <Button size="small" danger icon={<StopOutlined />} data-testid={`disable-${r.email}`}>
                      {t('disable')}
                    </Button>
                  </Popconfirm>
                )}
              </Space>
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
        {accessFields(editing)}
      </FormModal>
      <NewUserModal open={creating} onClose={() => setCreating(false)} accessFields={accessFields(null)} />
      <ResetPasswordModal person={resetting} onClose={() => setResetting(null)} />
    </>
  );
}
