'use client';
import { useState, useTransition, type ReactNode } from 'react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { Button, Dropdown, Layout, Menu, Segmented, Space, Tag, Typography } from 'antd';
import { AuditOutlined, DashboardOutlined, FileTextOutlined, KeyOutlined, LogoutOutlined, MenuOutlined, NodeIndexOutlined, ShopOutlined, TeamOutlined } from '@ant-design/icons';
import { can, canOpenPage } from '@/server/auth/permissions';
import type { Actor } from '@/server/auth/roles';
import { useSignOut } from '@/app/_lib/auth-client';
import { ActorProvider } from '@/app/_lib/actor';
import { AdminNav } from './admin/admin-nav';
import { ClosedLoopNav, NotificationBell } from './closed-loop-nav';
import { changePasswordPath } from '@/app/_lib/return-path';
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
  const tAccount = useTranslations('account');
  const locale = useLocale();
  const router = useRouter();
  const pathname = usePathname();
  const [switching, startSwitch] = useTransition();
  // Below antd's lg breakpoint (992 px: a phone, a small tablet upright) the side menu would take
  // a third of the screen or more: it folds away behind a menu button in the header and opens
  // over the page, closing again when a page is chosen.
  const [narrow, setNarrow] = useState(false);
  const [menuOpen, setMenuOpen] = useState(false);
  const [menuPath, setMenuPath] = useState(pathname);
  if (menuPath !== pathname) {
    setMenuPath(pathname);
    setMenuOpen(false);
  }
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

  const signOut = useSignOut();

  return (
    <ActorProvider actor={actor}>
      <Layout style={{ minHeight: '100vh' }}>
        {narrow && menuOpen && <div data-testid="menu-backdrop" onClick={() => setMenuOpen(false)} style={{ position: 'fixed', inset: 0, zIndex: 999, background: 'rgba(0,0,0,0.25)' }} />}
        <Layout.Sider
          width={200}
          theme="light"
          breakpoint="lg"
          collapsedWidth={0}
          collapsible
          trigger={null}
          collapsed={narrow && !menuOpen}
          onBreakpoint={(broken) => {
            setNarrow(broken);
            setMenuOpen(false);
          }}
          data-testid="side-menu"
          style={{
            borderRight: '1px solid #f0f0f0',
            ...(narrow ? { position: 'fixed', top: 0, bottom: 0, left: 0, zIndex: 1000, overflowY: 'auto', boxShadow: menuOpen ? '2px 0 8px rgba(0,0,0,0.15)' : undefined } : {}),
            // Folded away, its links are out of reach of the keyboard and screen readers too.
            ...(narrow && !menuOpen ? { visibility: 'hidden' } : {}),
          }}
        >
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
            style={{ background: '#fff', borderBottom: '1px solid #f0f0f0', padding: narrow ? '0 12px' : '0 24px', display: 'flex', alignItems: 'center', justifyContent: narrow ? 'space-between' : 'flex-end', gap: 8 }}
          >
            {narrow && (
              <Button type="text" icon={<MenuOutlined />} aria-label={t('openMenu')} aria-expanded={menuOpen} onClick={() => setMenuOpen((open) => !open)} data-testid="menu-toggle" />
            )}
            <Space size={narrow ? 'small' : 'middle'}>
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
              {/* The person's own account: a click on their name opens its menu (changing the password). */}
              <Dropdown
                trigger={['click']}
                menu={{
                  items: [
                    {
                      key: 'password',
                      icon: <KeyOutlined />,
                      label: (
                        <Link href={changePasswordPath(pathname)} data-testid="menu-change-password">
                          {tAccount('menu')}
                        </Link>
                      ),
                    },
                  ],
                }}
              >
                <Button type="text" data-testid="current-user" aria-label={tAccount('accountMenu', { name: actor.name })} style={{ paddingInline: 4 }}>
                  {/* On a phone the name gives way; the role stays, the name is on hover. */}
                  {!narrow && <Typography.Text strong>{actor.name}</Typography.Text>} <Tag title={actor.name} style={{ marginInlineEnd: 0 }}>{t(`roles.${actor.role}`)}</Tag>
                </Button>
              </Dropdown>
              <Button icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out" aria-label={t('signOut')}>
                {!narrow && t('signOut')}
              </Button>
            </Space>
          </Layout.Header>
          {/* antd renders Layout.Content as the page's one <main> landmark. */}
          <Layout.Content style={{ padding: narrow ? 12 : 24, minWidth: 0 }}>{children}</Layout.Content>
        </Layout>
      </Layout>
    </ActorProvider>
  );
}
