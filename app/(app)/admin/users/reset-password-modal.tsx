'use client';
// Resetting someone's password: a one-time password the administrator types or has generated (a
// generated one shown this once, ShownOnceModal). The person is signed out everywhere and must
// choose their own at their next sign-in (server/services/passwords.ts).
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Typography } from 'antd';
import { useTRPC } from '@/app/_lib/trpc';
import { FormModal } from '@/app/_components/form-modal';
import { PasswordChoice, usePasswordHandOver } from './password-choice';

interface ResetForm {
  passwordMode: 'generate' | 'type';
  password?: string;
}

/** The "Reset password" dialog for `person` while it is not null. */
export function ResetPasswordModal({ person, onClose }: { person: { id: string; name: string } | null; onClose: () => void }) {
  const t = useTranslations('users');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { handOver, modal } = usePasswordHandOver('reset', 'reset-password-shown');
  // A new object per opening: the dialog opens on a fresh form.
  const [opened, setOpened] = useState<{ person: { id: string; name: string }; values: ResetForm } | null>(null);
  if (person && opened?.person !== person) setOpened({ person, values: { passwordMode: 'generate' } });
  else if (!person && opened) setOpened(null);
  const reset = useMutation(
    trpc.users.resetPassword.mutationOptions({
      onSuccess: async (done) => {
        onClose();
        handOver(done);
        await queryClient.invalidateQueries(trpc.users.list.queryFilter());
      },
    }),
  );

  return (
    <>
      <FormModal<ResetForm>
        values={opened?.values ?? null}
        title={person ? t('reset.title', { name: person.name }) : ''}
        okText={t('reset.submit')}
        cancelText={tc('cancel')}
        confirmLoading={reset.isPending}
        onCancel={() => {
          reset.reset();
          onClose();
        }}
        error={reset.error}
        onFinish={(v) => person && reset.mutate({ userId: person.id, password: v.passwordMode === 'type' ? v.password : undefined })}
        okButtonProps={{ 'data-testid': 'reset-password-submit' } as Record<string, string>}
      >
        <Typography.Paragraph type="secondary">{person && t('reset.intro', { name: person.name })}</Typography.Paragraph>
        <PasswordChoice words="reset" testId="reset-password" valueTestId="reset-password-value" />
      </FormModal>
      {modal}
    </>
  );
}
