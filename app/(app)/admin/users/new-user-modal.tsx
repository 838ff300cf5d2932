'use client';
// Creating an account: who (email, name), their access (role, department, titles, team or shop,
// the same pickers as a change of role) and an initial password the administrator types or has
// generated. A generated one is shown this once (ShownOnceModal) for them to hand over.
import { useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Flex, Form, Input } from 'antd';
import type { Department, Role } from '@/server/auth/roles';
import { useTRPC } from '@/app/_lib/trpc';
import { FormModal } from '@/app/_components/form-modal';
import { PasswordChoice, usePasswordHandOver } from './password-choice';

export interface NewUserForm {
  email: string;
  name: string;
  role: Role;
  department: Department;
  titles: string[];
  team?: string | null;
  shopId?: string | null;
  passwordMode: 'generate' | 'type';
  password?: string;
}

const NEW_USER: Partial<NewUserForm> = { department: 'market', titles: [], passwordMode: 'generate' };

/**
 * The "New account" dialog while `open`; `accessFields` are the role, department, titles and
 * workplace fields the change-of-role dialog shows too.
 */
export function NewUserModal({ open, onClose, accessFields }: { open: boolean; onClose: () => void; accessFields: ReactNode }) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { handOver, modal } = usePasswordHandOver('create', 'new-user-password-shown');
  // A new object per opening: the dialog opens on a fresh form.
  const [values, setValues] = useState<Partial<NewUserForm> | null>(null);
  if (open && values === null) setValues({ ...NEW_USER });
  else if (!open && values !== null) setValues(null);
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (created) => {
        onClose();
        handOver(created);
        await queryClient.invalidateQueries(trpc.users.list.queryFilter());
      },
    }),
  );

  return (
    <>
      <FormModal<NewUserForm>
        values={values}
        title={t('create.title')}
        okText={t('create.submit')}
        cancelText={tc('cancel')}
        confirmLoading={create.isPending}
        onCancel={() => {
          create.reset();
          onClose();
        }}
        error={create.error}
        onFinish={(v) =>
          create.mutate({
            email: v.email,
            name: v.name,
            role: v.role,
            department: v.department,
            titles: v.titles ?? [],
            team: v.team ?? null,
            shopId: v.shopId ?? null,
            password: v.passwordMode === 'type' ? v.password : undefined,
          })
        }
        okButtonProps={{ 'data-testid': 'create-user-submit' } as Record<string, string>}
      >
        <Flex gap={12}>
          <Form.Item name="email" label={t('create.email')} rules={[{ required: true, message: t('create.emailRequired') }]} style={{ flex: 1 }}>
            <Input autoComplete="off" data-testid="new-user-email" />
          </Form.Item>
          <Form.Item name="name" label={t('create.name')} rules={[{ required: true, message: t('create.nameRequired') }]} style={{ flex: 1 }}>
            <Input autoComplete="off" data-testid="new-user-name" />
          </Form.Item>
        </Flex>
        {accessFields}
        <PasswordChoice words="create" testId="new-user-password" valueTestId="new-user-password" />
      </FormModal>
      {modal}
    </>
  );
}
