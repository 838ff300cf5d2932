'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useTranslations } from 'next-intl';
import type { WorkbenchTab } from './tabs';

/** Large tab links, one per screen the person has (touch targets of at least 48 px). */
export function WorkbenchNav({ tabs }: { tabs: WorkbenchTab[] }) {
  const t = useTranslations('workbench.tabs');
  const pathname = usePathname();
  if (tabs.length < 2) return null;
  return (
    <nav aria-label={t('label')} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginBottom: 16 }}>
      {tabs.map((tab) => {
        const href = `/workbench/${tab}`;
        const active = pathname === href;
        return (
          <Link
            key={tab}
            href={href}
            aria-current={active ? 'page' : undefined}
            data-testid={`workbench-tab-${tab}`}
            style={{
              minHeight: 48,
              padding: '12px 20px',
              borderRadius: 8,
              fontSize: 16,
              border: `1px solid ${active ? '#0b6bcb' : '#d9d9d9'}`,
              background: active ? '#0b6bcb' : '#fff',
              color: active ? '#fff' : 'inherit',
            }}
          >
            {t(tab)}
          </Link>
        );
      })}
    </nav>
  );
}
