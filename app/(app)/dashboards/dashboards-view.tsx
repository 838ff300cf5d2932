'use client';
// Executive dashboards (issue 7): the loop, execution, frontline and live views under one set
// of filters, with a drill-down drawer behind every figure.
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { Alert, Tabs, Typography } from 'antd';
import { clip } from '@/workflows/text';
import { DrillDrawer, type Drill } from './drill-drawer';
import { ExecutionTab } from './execution-tab';
import { FiltersBar, useDashboardState } from './filters';
import { FrontlineTab } from './frontline-tab';
import { LiveTab } from './live-tab';
import { LoopTab } from './loop-tab';
import type { IgnoredPart } from './url-filter';

const TABS = ['loop', 'execution', 'frontline', 'live'] as const;

export function DashboardsView() {
  const t = useTranslations('dashboards');
  const state = useDashboardState();
  const [drill, setDrill] = useState<Drill | null>(null);
  const tab = (TABS as readonly string[]).includes(state.tab) ? state.tab : 'execution';
  const content = (key: string) => {
    switch (key) {
      case 'loop':
        return <LoopTab filter={state.filter} onDrill={setDrill} />;
      case 'frontline':
        return <FrontlineTab filter={state.filter} onDrill={setDrill} />;
      case 'live':
        return <LiveTab filter={state.filter} onDrill={setDrill} />;
      default:
        return <ExecutionTab filter={state.filter} onDrill={setDrill} />;
    }
  };
  return (
    <>
      <Typography.Title level={2} style={{ marginTop: 0, marginBottom: 4 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('subtitle')}</Typography.Paragraph>
      <FiltersBar state={state} />
      <IgnoredNotice ignored={state.ignored} />
      <Tabs
        aria-label={t('tabs.label')}
        activeKey={tab}
        onChange={(k) => state.set({ tab: k })}
        destroyOnHidden
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`tab-${k}`}>{t(`tabs.${k}`)}</span>, children: content(k) }))}
      />
      <DrillDrawer drill={drill} onClose={() => setDrill(null)} />
    </>
  );
}

/** What a link asked for that the page left out, and why (see url-filter.ts). */
function IgnoredNotice({ ignored }: { ignored: IgnoredPart[] }) {
  const t = useTranslations('dashboards');
  if (ignored.length === 0) return null;
  const say = (p: IgnoredPart) => {
    switch (p.kind) {
      case 'badDate':
        return t('urlNotice.badDate', { value: clip(p.value, 40) });
      case 'rangeReversed':
        return t('urlNotice.rangeReversed', { from: p.from, to: p.to });
      case 'rangeTooLong':
        return t('urlNotice.rangeTooLong', { from: p.from, to: p.to, max: p.max });
      case 'badValue':
        return t('urlNotice.badValue', { field: t(`filterNames.${p.field}`), value: clip(p.value, 40) });
      case 'unknownValue':
        return t('urlNotice.unknownValue', { field: t(`filterNames.${p.field}`), value: clip(p.value, 40) });
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      role="status"
      data-testid="dashboards-url-notice"
      title={t('urlNotice.title')}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {ignored.map((p, i) => (
            <li key={i}>{say(p)}</li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}
