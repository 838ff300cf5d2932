'use client';
// How an administrator gives someone a password (a new account, a reset): generated and shown once,
// or typed. The form's fields are `passwordMode` ('generate' | 'type') and `password`.
import { useTranslations } from 'next-intl';
import { Form, Input, Radio } from 'antd';
import { MIN_PASSWORD_LENGTH } from '@/server/auth/password-length';

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
