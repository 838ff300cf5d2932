'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Menu } from 'antd';
import { ApiOutlined, CloudUploadOutlined, ClusterOutlined, KeyOutlined, SettingOutlined, ShoppingOutlined, TagsOutlined, TeamOutlined } from '@ant-design/icons';
import { useCan } from '@/app/_lib/actor';

const ITEMS = [
  { key: '/admin/tags', icon: <TagsOutlined />, label: 'tags' },
  { key: '/admin/imports', icon: <CloudUploadOutlined />, label: 'imports' },
  { key: '/admin/products', icon: <ShoppingOutlined />, label: 'products' },
  { key: '/admin/api-keys', icon: <KeyOutlined />, label: 'apiKeys' },
  { key: '/admin/partners', icon: <ClusterOutlined />, label: 'partners' },
] as const;

/** The administration section of the side menu (users, customer data, products, API keys), for administrators. */
export function AdminNav() {
  const t = useTranslations('customerData.nav');
  const tUsers = useTranslations('users');
  const pathname = usePathname();
  const allowed = useCan('tags.manage');
  if (!allowed) return null;
  const selected = pathname.startsWith('/admin/users') ? '/admin/users' : ITEMS.find((i) => pathname.startsWith(i.key))?.key;
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
            ...ITEMS.map((i) => ({
              key: i.key,
              icon: i.icon,
              label: (
                <Link href={i.key} data-testid={`nav-admin-${i.label}`}>
                  {t(i.label)}
                </Link>
              ),
            })),
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
