'use client';
import { useTransition, type ReactNode } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { Button, Layout, Menu, Segmented, Space, Tag, Typography } from 'antd';
import { AuditOutlined, DashboardOutlined, FileTextOutlined, LogoutOutlined, NodeIndexOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { can, canOpenPage } from '@/server/auth/permissions';
import type { Actor } from '@/server/auth/roles';
import { authClient } from '@/app/_lib/auth-client';
import { ActorProvider } from '@/app/_lib/actor';
import { AdminNav } from './admin/admin-nav';
import { ClosedLoopNav, NotificationBell } from './closed-loop-nav';
import { setLocale } from '@/app/i18n/actions';
import { locales, type Locale } from '@/app/i18n/config';

const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '中文', en: 'English' };

const SECTIONS = [
  { key: '/campaigns', icon: <NodeIndexOutlined />, label: 'campaigns' },
  { key: '/approvals', icon: <AuditOutlined />, label: 'approvals' },
  { key: '/customers', icon: <TeamOutlined />, label: 'customers' },
] as const;

export function AppShell({ actor, children }: { actor: Actor; children: ReactNode }) {
  const t = useTranslations('shell');
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const [switching, startSwitch] = useTransition();
  const tWorkbench = useTranslations('workbench');
  // The frontline workbench (docs/frontline.md): for frontline staff and administrators.
  const workbench = actor.role === 'frontline' || actor.role === 'admin';
  const selected = pathname.startsWith('/workbench')
    ? '/workbench'
    : SECTIONS.find((s) => pathname === s.key || pathname.startsWith(`${s.key}/`))?.key;

  // Executive dashboards (issue 7): for the roles with dashboard.read.
  const tDashboards = useTranslations('dashboards');
  const dashboards = can(actor.role, 'dashboard.read');
  const selectedKey = pathname === '/dashboards' || pathname.startsWith('/dashboards/') ? '/dashboards' : pathname === '/wording' ? '/wording' : selected;
  // Wording templates (docs/designer.md): kept by designers and administrators.
  const tWording = useTranslations('wordingTemplates');
  const wording = can(actor.role, 'wording.manage');

  const switchLocale = (next: string) =>
    startSwitch(async () => {
      await setLocale(next);
      router.refresh();
    });

  const queryClient = useQueryClient();
  const signOut = async () => {
    await authClient.signOut();
    // Nothing one user loaded may show to the next one on this browser.
    queryClient.clear();
    router.replace('/sign-in');
    router.refresh();
  };

  return (
    <ActorProvider actor={actor}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider width={200} theme="light" style={{ borderRight: '1px solid #f0f0f0' }}>
          <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 18 }}>
            <Link href="/campaigns" style={{ color: 'inherit' }}>
              Octoflow
            </Link>
          </div>
          <nav aria-label={t('navigation')}>
            <Menu
              mode="inline"
              selectedKeys={selectedKey ? [selectedKey] : []}
              items={[
                ...SECTIONS.filter((s) => canOpenPage(actor.role, s.key)).map((s) => ({
                  key: s.key,
                  icon: s.icon,
                  label: (
                    <Link href={s.key} data-testid={`nav-${s.label}`}>
                      {t(`nav.${s.label}`)}
                    </Link>
                  ),
                })),
                ...(wording
                  ? [
                      {
                        key: '/wording',
                        icon: <FileTextOutlined />,
                        label: (
                          <Link href="/wording" data-testid="nav-wording">
                            {tWording('nav')}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(workbench
                  ? [
                      {
                        key: '/workbench',
                        icon: <ShopOutlined />,
                        label: (
                          <Link href="/workbench" data-testid="nav-workbench">
                            {tWorkbench('nav')}
                          </Link>
                        ),
                      },
                    ]
                  : []),
                ...(dashboards
                  ? [
                      {
                        key: '/dashboards',
                        icon: <DashboardOutlined />,
                        label: (
                          <Link href="/dashboards" data-testid="nav-dashboards">
                            {tDashboards('nav')}
                          </Link>
                        ),
                      },
                    ]
                  : []),
              ]}
            />
            <AdminNav />
            <ClosedLoopNav />
          </nav>
        </Layout.Sider>
        <Layout>
          <Layout.Header
            style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', padding: '0 24px', display: 'flex', justifyContent: 'flex-end' }}
          >
            <Space size="middle">
              <NotificationBell />
              <Segmented
                aria-label={t('language')}
                size="small"
                value={locale}
                disabled={switching}
                options={locales.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
                onChange={(v) => switchLocale(String(v))}
                data-testid="language-switch"
              />
              <span data-testid="current-user">
                <Typography.Text strong>{actor.name}</Typography.Text>{' '}
                <Tag>{t(`roles.${actor.role}`)}</Tag>
              </span>
              <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out">
                {t('signOut')}
              </Button>
            </Space>
          </Layout.Header>
          {/* antd renders Layout.Content as the page's one <main> landmark. */}
          <Layout.Content style={{ padding: 24 }}>{children}</Layout.Content>
        </Layout>
      </Layout>
    </ActorProvider>
  );
}
