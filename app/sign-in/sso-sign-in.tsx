'use client';
// "Sign in with <provider>": starts the OpenID Connect authorization-code flow (server/auth/sso.ts)
// and explains, in the reader's language, why a previous attempt came back without a session.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Button, Divider } from 'antd';
import { LoginOutlined } from '@ant-design/icons';
import { authClient } from '@/app/_lib/auth-client';
import { signInPath } from '@/app/_lib/return-path';

export interface SsoOption {
  name: string;
}

/** better-auth's OAuth callback codes and ours, grouped by what the reader should do. */
const REASONS: Record<string, 'noRole' | 'disabled' | 'unreachable' | 'state' | 'cancelled' | 'failed' | 'noEmail' | 'notLinked' | 'tooMany'> = {
  SSO_NO_ROLE: 'noRole',
  ACCOUNT_DISABLED: 'disabled',
  TOO_MANY_REQUESTS: 'tooMany',
  SSO_UNREACHABLE: 'unreachable',
  state_not_found: 'state',
  state_mismatch: 'state',
  state_invalid: 'state',
  state_security_mismatch: 'state',
  please_restart_the_process: 'state',
  access_denied: 'cancelled',
  invalid_code: 'failed',
  no_code: 'failed',
  unable_to_get_user_info: 'failed',
  issuer_mismatch: 'failed',
  issuer_missing: 'failed',
  nonce_binding_missing: 'failed',
  oauth_provider_not_found: 'unreachable',
  invalid_callback_request: 'failed',
  email_not_found: 'noEmail',
  account_not_linked: 'notLinked',
};

/** `next`: the page to come back to, already checked; a failed attempt keeps it for the next try. */
export function SsoSignIn({ sso, initialError, next }: { sso: SsoOption; initialError: string | null; next: string }) {
  const t = useTranslations('sso');
  const [error, setError] = useState<string | null>(initialError);
  const [busy, setBusy] = useState(false);

  const start = async () => {
    setBusy(true);
    setError(null);
    const { error: failed } = await authClient.signIn.social({ provider: 'oidc', callbackURL: next, errorCallbackURL: signInPath(next) });
    // On success the browser is already on its way to the provider.
    if (failed) {
      setBusy(false);
      setError(failed.status === 429 ? 'TOO_MANY_REQUESTS' : (failed.code ?? (failed.status === 404 ? 'oauth_provider_not_found' : String(failed.status))));
    }
  };

  const reason = error ? REASONS[error] : undefined;
  return (
    <>
      {error && (
        <Alert
          type="error"
          showIcon
          role="alert"
          data-testid="sso-error"
          data-code={error}
          title={t('errors.title')}
          description={reason ? t(`errors.${reason}`, { name: sso.name, code: error }) : t('errors.other', { code: error })}
          style={{ marginBottom: 16 }}
        />
      )}
      <Button block size="large" icon={<LoginOutlined />} loading={busy} onClick={start} data-testid="sso-sign-in">
        {busy ? t('redirecting', { name: sso.name }) : t('button', { name: sso.name })}
      </Button>
      <Divider plain>{t('or')}</Divider>
    </>
  );
}
