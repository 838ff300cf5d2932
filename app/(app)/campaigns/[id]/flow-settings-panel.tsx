'use client';
import { useTranslations } from 'next-intl';
import { Form, Select, Switch, Typography } from 'antd';
import type { FlowSettings, ReentryPolicy } from '@/workflows';

const REENTRY = ['every_time', 'once', 'day', 'week', 'month'] as const;
type ReentryChoice = (typeof REENTRY)[number];

const toChoice = (r: ReentryPolicy): ReentryChoice => (typeof r === 'string' ? r : r.period);
const fromChoice = (c: ReentryChoice): ReentryPolicy => (c === 'every_time' || c === 'once' ? c : { period: c });

/** Settings of the whole flow, shown when no node is selected: re-entry and concurrency. */
export function FlowSettingsPanel({ settings, onChange, readOnly }: { settings: FlowSettings; onChange(s: FlowSettings): void; readOnly: boolean }) {
  const t = useTranslations('designer.settings');
  return (
    <div data-testid="flow-settings">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('title')}
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {readOnly ? t('hintReadOnly') : t('hint')}
      </Typography.Paragraph>
      <Form layout="vertical" component="div" disabled={readOnly}>
        <Form.Item label={t('reentry')} htmlFor="flow-reentry" help={t('reentryHelp')}>
          <Select
            id="flow-reentry"
            value={toChoice(settings.reentry)}
            onChange={(c: ReentryChoice) => onChange({ ...settings, reentry: fromChoice(c) })}
            options={REENTRY.map((c) => ({ value: c, label: t(`reentryChoices.${c}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('concurrent')} htmlFor="flow-concurrent" help={t('concurrentHelp')} style={{ marginTop: 24 }}>
          <Switch id="flow-concurrent" checked={settings.concurrent} onChange={(concurrent) => onChange({ ...settings, concurrent })} />
        </Form.Item>
      </Form>
    </div>
  );
}
