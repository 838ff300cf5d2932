'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Menu } from 'antd';
import { AlertOutlined, ApartmentOutlined, ApiOutlined, CloudUploadOutlined, ClusterOutlined, ControlOutlined, KeyOutlined, SettingOutlined, ShoppingOutlined, TagsOutlined, TeamOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useCan } from '@/app/_lib/actor';

const ITEMS = [
  { key: '/admin/tags', icon: <TagsOutlined />, label: 'tags' },
  { key: '/admin/event-types', icon: <ThunderboltOutlined />, label: 'eventTypes' },
  { key: '/admin/imports', icon: <CloudUploadOutlined />, label: 'imports' },
  { key: '/admin/products', icon: <ShoppingOutlined />, label: 'products' },
  { key: '/admin/api-keys', icon: <KeyOutlined />, label: 'apiKeys' },
  { key: '/admin/partners', icon: <ClusterOutlined />, label: 'partners' },
] as const;

/**
 * The administration section of the side menu (users, the frontline organisation, customer data, products, API keys, the
 * contact policy, operations), for administrators; the roles that may only read the contact
 * policy get that one entry.
 */
export function AdminNav() {
  const t = useTranslations('customerData.nav');
  const tUsers = useTranslations('users');
  const tOrg = useTranslations('frontlineOrg');
  const tOps = useTranslations('operations');
  const tPolicy = useTranslations('contactPolicy');
  const pathname = usePathname();
  const allowed = useCan('tags.manage');
  const readsPolicy = useCan('contactpolicy.read');
  const policy = {
    key: '/admin/contact-policy',
    icon: <ControlOutlined />,
    label: (
      <Link href="/admin/contact-policy" data-testid="nav-admin-contact-policy">
        {tPolicy('nav')}
      </Link>
    ),
  };
  if (!allowed) return readsPolicy ? <Menu mode="inline" selectedKeys={pathname.startsWith(policy.key) ? [policy.key] : []} items={[policy]} /> : null;
  const selected = ['/admin/users', '/admin/frontline-org', '/admin/contact-policy', '/admin/operations'].find((k) => pathname.startsWith(k)) ?? ITEMS.find((i) => pathname.startsWith(i.key))?.key;
  return (
    <Menu
      mode="inline"
      selectedKeys={selected ? [selected] : []}
      defaultOpenKeys={selected ? ['admin'] : []}
      items={[
        {
          key: 'admin',
          icon: <SettingOutlined />,
          label: <span data-testid="nav-admin">{t('admin')}</span>,
          children: [
            {
              key: '/admin/users',
              icon: <TeamOutlined />,
              label: (
                <Link href="/admin/users" data-testid="nav-admin-users">
                  {tUsers('nav')}
                </Link>
              ),
            },
            {
              key: '/admin/frontline-org',
              icon: <ApartmentOutlined />,
              label: (
                <Link href="/admin/frontline-org" data-testid="nav-admin-frontline-org">
                  {tOrg('nav')}
                </Link>
              ),
            },
            ...ITEMS.map((i) => ({
              key: i.key,
              icon: i.icon,
              label: (
                <Link href={i.key} data-testid={`nav-admin-${i.label}`}>
                  {t(i.label)}
                </Link>
              ),
            })),
            policy,
            {
              key: '/admin/operations',
              icon: <AlertOutlined />,
              label: (
                <Link href="/admin/operations" data-testid="nav-admin-operations">
                  {tOps('nav')}
                </Link>
              ),
            },
            {
              key: '/api-docs',
              icon: <ApiOutlined />,
              label: (
                <a href="/api-docs" target="_blank" rel="noreferrer">
                  {t('apiDocs')}
                </a>
              ),
            },
          ],
        },
      ]}
    />
  );
}
