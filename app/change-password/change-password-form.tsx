'use client';
// The current password, the new one typed twice (the two must match here; the server checks the
// current one and the length). Done, the person goes on to the page they were going to; their
// other sessions have ended (server/services/passwords.ts).
import { useQueryClient, useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { LogoutOutlined } from '@ant-design/icons';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@/server/auth/password-length';
import { useSignOut } from '@/app/_lib/auth-client';
import { useTRPC } from '@/app/_lib/trpc';
import { ServerError } from '@/app/_components/server-error';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

/** `required`: an administrator set the password, and nothing else opens until it is changed. `next`: checked by safeReturnPath. */
export function ChangePasswordForm({ name, required, hasPassword, next }: { name: string; required: boolean; hasPassword: boolean; next: string }) {
  const t = useTranslations('account');
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const change = useMutation(
    trpc.account.changePassword.mutationOptions({
      onSuccess: () => {
        message.success(t('done'));
        queryClient.clear();
        router.replace(next);
        router.refresh();
      },
    }),
  );
  const signOut = useSignOut();

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa', padding: 24 }}>
      <div style={{ width: 440, maxWidth: '100%' }}>
        <Card>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary">{name}</Typography.Paragraph>
          {required && <Alert type="warning" showIcon title={t('required')} style={{ marginBottom: 16 }} data-testid="password-change-required" />}
          {hasPassword ? (
            <Form<Values> layout="vertical" requiredMark={false} onFinish={(v) => change.mutate({ currentPassword: v.currentPassword, newPassword: v.newPassword })}>
              <ServerError error={change.error} />
              <Form.Item name="currentPassword" label={t('current')} rules={[{ required: true, message: t('currentRequired') }]}>
                <Input.Password autoComplete="current-password" autoFocus data-testid="current-password" />
              </Form.Item>
              <Form.Item
                name="newPassword"
                label={t('new')}
                extra={t('newHelp', { min: MIN_PASSWORD_LENGTH })}
                rules={[
                  { required: true, message: t('newRequired') },
                  { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH, message: t('length', { min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH }) },
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="new-password" />
              </Form.Item>
              <Form.Item
                name="confirmPassword"
                label={t('confirm')}
                dependencies={['newPassword']}
                rules={[
                  { required: true, message: t('confirmRequired') },
                  ({ getFieldValue }) => ({
                    validator: (_, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error(t('mismatch')))),
                  }),
                ]}
              >
                <Input.Password autoComplete="new-password" data-testid="confirm-password" />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={change.isPending} data-testid="change-password-submit">
                {t('submit')}
              </Button>
            </Form>
          ) : (
            <Alert type="info" showIcon title={t('ssoManaged')} data-testid="password-sso-managed" />
          )}
          <div style={{ marginTop: 16, textAlign: 'center' }}>
            {required ? (
              <Button type="link" icon={<LogoutOutlined />} onClick={signOut} data-testid="change-password-sign-out">
                {t('signOut')}
              </Button>
            ) : (
              <Link href={next} data-testid="change-password-back">
                {t('back')}
              </Link>
            )}
          </div>
        </Card>
      </div>
    </main>
  );
}
