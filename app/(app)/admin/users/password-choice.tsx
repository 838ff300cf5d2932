'use client';
// How an administrator gives someone a password (a new account, a reset): generated and shown once,
// or typed. The form's fields are `passwordMode` ('generate' | 'type') and `password`.
import { useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { App, Form, Input, Radio } from 'antd';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-length';
import { ShownOnceModal } from '../shown-once-modal';

/** `words`: the users messages' group (create / reset); `testId`: prefix of the mode and value test ids. */
export function PasswordChoice({ words, testId, valueTestId }: { words: 'create' | 'reset'; testId: string; valueTestId: string }) {
  const t = useTranslations('users');
  return (
    <>
      <Form.Item name="passwordMode" label={t(`${words}.password`)}>
        <Radio.Group
          data-testid={`${testId}-mode`}
          options={[
            { value: 'generate', label: t(`${words}.generate`) },
            { value: 'type', label: t(`${words}.type`) },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a: { passwordMode?: string }, b: { passwordMode?: string }) => a.passwordMode !== b.passwordMode}>
        {({ getFieldValue }) =>
          getFieldValue('passwordMode') === 'type' && (
            <Form.Item name="password" extra={t(`${words}.passwordHelp`, { min: MIN_PASSWORD_LENGTH })} rules={[{ required: true, message: t(`${words}.passwordRequired`) }]}>
              <Input.Password autoComplete="new-password" data-testid={valueTestId} />
            </Form.Item>
          )
        }
      </Form.Item>
    </>
  );
}

/**
 * What follows a new account or a reset: a generated password shown this once (`modal`, to be
 * rendered beside the dialog), or a message that it is done when the administrator typed it.
 */
export function usePasswordHandOver(words: 'create' | 'reset', testId: string): { handOver: (done: { name: string; generatedPassword?: string | null }) => void; modal: ReactNode } {
  const t = useTranslations('users');
  const { message } = App.useApp();
  const [shown, setShown] = useState<{ name: string; password: string } | null>(null);
  const handOver = (done: { name: string; generatedPassword?: string | null }) => {
    if (done.generatedPassword) setShown({ name: done.name, password: done.generatedPassword });
    else message.success(t(`${words}.done`, { name: done.name }));
  };
  const modal = (
    <ShownOnceModal
      shown={shown && { title: t(`${words}.shownTitle`, { name: shown.name }), value: shown.password }}
      warning={t(`${words}.shownWarning`)}
      labels={{ done: t('create.shownDone'), copy: t('create.copy'), copied: t('create.copied') }}
      onDone={() => setShown(null)}
      testId={testId}
    />
  );
  return { handOver, modal };
}
