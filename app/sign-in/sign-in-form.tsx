'use client';
import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Alert, Button, Card, Form, Input, Table, Typography } from 'antd';
import { authClient } from '@/app/_lib/auth-client';
import type { Role } from '@/server/auth/roles';
import { SsoSignIn, type SsoOption } from './sso-sign-in';

export interface DemoHint {
  password: string;
  accounts: { email: string; name: string; role: Role }[];
}

interface Values {
  email: string;
  password: string;
}

/** `next`: the page to open once signed in, already checked by safeReturnPath (page.tsx). */
export function SignInForm({ demo, sso, ssoError, next }: { demo: DemoHint | null; sso: SsoOption | null; ssoError: string | null; next: string }) {
  const t = useTranslations('signIn');
  const tRoles = useTranslations('shell.roles');
  const router = useRouter();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const onFinish = async (values: Values) => {
    setBusy(true);
    setError(null);
    const { error: failed } = await authClient.signIn.email({ email: values.email.trim(), password: values.password });
    setBusy(false);
    if (failed) {
      setError(
        failed.status === 429
          ? t('errors.tooMany')
          : failed.status === 401
            ? t('errors.invalid')
            : failed.code === 'SSO_NO_ROLE'
              ? t('errors.noRole')
              : failed.code === 'ACCOUNT_DISABLED'
                ? t('errors.disabled')
                : t('errors.other', { message: failed.message ?? String(failed.status) }),
      );
      return;
    }
    queryClient.clear();
    router.replace(next);
    router.refresh();
  };

  return (
    <main style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f7fa', padding: 24 }}>
      <div style={{ width: 440, maxWidth: '100%' }}>
        <Card>
          <Typography.Title level={2} style={{ marginTop: 0 }}>
            Octoflow
          </Typography.Title>
          <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
          <Typography.Title level={4}>{t('title')}</Typography.Title>
          {sso && <SsoSignIn sso={sso} initialError={ssoError} next={next} />}
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} data-testid="sign-in-error" />}
          <Form form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
            <Form.Item label={t('email')} name="email" rules={[{ required: true, type: 'email', message: t('errors.email') }]}>
              <Input autoComplete="username" autoFocus data-testid="sign-in-email" />
            </Form.Item>
            <Form.Item label={t('password')} name="password" rules={[{ required: true, message: t('errors.password') }]}>
              <Input.Password autoComplete="current-password" data-testid="sign-in-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy} data-testid="sign-in-submit">
              {t('submit')}
            </Button>
          </Form>
        </Card>
        {demo && (
          <Card size="small" title={t('demo.title')} style={{ marginTop: 16 }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
              {t.rich('demo.hint', { password: demo.password, code: (chunks) => <Typography.Text code>{chunks}</Typography.Text> })}
            </Typography.Paragraph>
            <Table
              size="small"
              pagination={false}
              rowKey="email"
              dataSource={demo.accounts}
              columns={[
                {
                  title: t('email'),
                  dataIndex: 'email',
                  render: (email: string) => (
                    <Button type="link" size="small" style={{ padding: 0 }} onClick={() => form.setFieldsValue({ email, password: demo.password })}>
                      {email}
                    </Button>
                  ),
                },
                { title: t('demo.role'), dataIndex: 'role', render: (role: Role) => tRoles(role) },
              ]}
            />
          </Card>
        )}
      </div>
    </main>
  );
}
