'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { FormModal } from '@/app/_components/form-modal';
import { ORG_ID_PATTERN, RowActions, StatusCell, UpdatedCell, useCities, useRowName, type TeamRow } from './org-parts';

interface TeamForm {
  id: string;
  nameZh: string;
  nameEn: string;
  regions: string[];
  active: boolean;
}

const formOf = (r: TeamRow): TeamForm => ({ id: r.id, nameZh: r.nameZh, nameEn: r.nameEn, regions: r.regions, active: r.active });

/** The call-centre teams: the cities whose customers' outbound calls each makes. */
export function TeamsTab({ rows, loading, onChanged }: { rows: TeamRow[]; loading: boolean; onChanged: () => Promise<unknown> }) {
  const t = useTranslations('frontlineOrg');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { message } = App.useApp();
  const name = useRowName();
  const cities = useCities();
  const [editing, setEditing] = useState<{ isNew: boolean; initial: TeamForm } | null>(null);
  const save = useMutation(
    trpc.frontlineOrg.saveTeam.mutationOptions({
      onSuccess: async () => {
        message.success(t('saved'));
        setEditing(null);
        await onChanged();
      },
    }),
  );
  const toggle = useMutation(trpc.frontlineOrg.saveTeam.mutationOptions({ onSuccess: onChanged, onError: (e) => message.error(callError(e).message) }));
  const remove = useMutation(
    trpc.frontlineOrg.deleteTeam.mutationOptions({
      onSuccess: async () => {
        message.success(t('deleted'));
        await onChanged();
      },
      onError: (e) => message.error(callError(e).message),
    }),
  );
  const open = (initial: TeamForm, isNew: boolean) => {
    save.reset();
    setEditing({ isNew, initial });
  };

  return (
    <>
      <Flex justify="flex-end" style={{ marginBottom: 8 }}>
        <Button type="primary" icon={<PlusOutlined />} data-testid="add-team" onClick={() => open({ id: '', nameZh: '', nameEn: '', regions: [], active: true }, true)}>
          {t('addTeam')}
        </Button>
      </Flex>
      <Table<TeamRow>
        rowKey="id"
        size="middle"
        loading={loading}
        dataSource={rows}
        data-testid="org-teams-table"
        pagination={false}
        onRow={(r) => ({ 'data-testid': `team-${r.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('columns.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code style={{ whiteSpace: 'nowrap' }}>{id}</Typography.Text> },
          { title: t('columns.name'), key: 'name', render: (_, r) => <span data-testid="org-name">{name(r)}</span> },
          {
            title: t('columns.cities'),
            dataIndex: 'regions',
            render: (cs: string[]) => (
              <Space size={[0, 4]} wrap>
                {cs.map((c) => (
                  <Tag key={c} title={c}>
                    {cities.cityName(c)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          { title: t('columns.staff'), dataIndex: 'staff', align: 'right' },
          { title: t('columns.status'), key: 'status', render: (_, r) => <StatusCell row={r} /> },
          { title: t('columns.updated'), key: 'updated', render: (_, r) => <UpdatedCell row={r} /> },
          {
            key: 'actions',
            align: 'right',
            render: (_, r) => (
              <RowActions
                row={r}
                testId={`team-${r.id}`}
                onEdit={() => open(formOf(r), false)}
                onActive={(active) => toggle.mutate({ ...formOf(r), active })}
                onDelete={() => remove.mutate({ id: r.id })}
              />
            ),
          },
        ]}
      />
      <FormModal<TeamForm>
        values={editing?.initial ?? null}
        error={save.error}
        title={editing?.isNew ? t('newTeamTitle') : t('teamTitle', { id: editing?.initial.id ?? '' })}
        okText={t('save')}
        cancelText={tc('cancel')}
        confirmLoading={save.isPending}
        onCancel={() => setEditing(null)}
        onFinish={(v) => save.mutate({ ...v, id: editing?.initial.id || v.id, create: editing?.isNew ?? false })}
        okButtonProps={{ 'data-testid': 'save-team' } as Record<string, string>}
      >
        {cities.loaded && !cities.options.length && <Alert type="warning" showIcon title={t('noCities')} style={{ marginBottom: 12 }} />}
        <Form.Item name="id" label={t('fields.id')} extra={editing?.isNew ? t('fields.idHelp') : undefined} rules={[{ required: true }, { pattern: ORG_ID_PATTERN, message: t('idPattern') }]}>
          <Input disabled={!editing?.isNew} data-testid="team-id" />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item name="nameZh" label={t('fields.nameZh')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input data-testid="team-name-zh" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('fields.nameEn')} rules={[{ required: true, whitespace: true }]} style={{ flex: 1 }}>
            <Input data-testid="team-name-en" />
          </Form.Item>
        </Flex>
        <Form.Item name="regions" label={t('fields.regions')} rules={[{ required: true, type: 'array', min: 1 }]}>
          <Select mode="multiple" options={cities.options} showSearch={{ optionFilterProp: 'label' }} data-testid="team-regions" />
        </Form.Item>
        <Form.Item name="active" label={t('fields.active')} valuePropName="checked">
          <Switch data-testid="team-active" />
        </Form.Item>
      </FormModal>
    </>
  );
}
