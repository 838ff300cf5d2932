'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { findEventType, getKind, simulateFlow, type Catalog, type FlowGraph, type SimulationResult } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';

interface PlannedEvent {
  type: string;
  afterMinutes: number;
  attributes: string;
}

/**
 * "Try it on a customer": a demo customer's tags, the trigger's event and later events on a
 * timeline, run through simulateFlow in the browser (the same compiled machine the runtime
 * runs). The path lights up on the canvas; each branch says why, each contact shows its text.
 */
export function TryPanel({ graph, catalog, eventType, onPath }: { graph: FlowGraph; catalog: Catalog; eventType: string | undefined; onPath(nodes: string[] | null): void }) {
  const t = useTranslations('designerTools.try');
  const locale = useLocale();
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const customers = useQuery(trpc.customers.list.queryOptions({ search: search || undefined }));
  const [customerId, setCustomerId] = useState<string | undefined>();
  const customer = customers.data?.find((c) => c.id === customerId);
  const trigger = eventType ? findEventType(catalog, eventType) : undefined;
  const [triggerAttrs, setTriggerAttrs] = useState(() =>
    JSON.stringify(Object.fromEntries((trigger?.attributes ?? []).map((a) => [a.name, a.type === 'int' || a.type === 'double' ? 80 : a.type === 'bool' ? true : (a.values?.[0] ?? '')]))),
  );
  const [events, setEvents] = useState<PlannedEvent[]>([]);
  const [result, setResult] = useState<SimulationResult | null>(null);
  const [error, setError] = useState<string | null>(null);

  const parse = (text: string, where: string): Record<string, unknown> => {
    if (!text.trim()) return {};
    try {
      const v = JSON.parse(text) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // reported below
    }
    throw new Error(t('badAttributes', { where }));
  };

  const run = () => {
    setError(null);
    try {
      const start = new Date();
      const input = {
        customer: { ...(customer?.tags ?? {}), name: customer?.name ?? '', msisdn: customer?.msisdn ?? '' },
        customerId: customer?.id ?? 'TRY',
        trigger: { type: eventType ?? 'schedule', attributes: parse(triggerAttrs, t('triggerEvent')), at: start },
        events: events.map((e, i) => ({ type: e.type, at: new Date(start.getTime() + e.afterMinutes * 60_000), attributes: parse(e.attributes, t('eventN', { n: i + 1 })) })),
        start,
        catalog,
      };
      const r = simulateFlow(graph, input);
      setResult(r);
      onPath(r.path.map((s) => s.nodeId));
    } catch (err) {
      setResult(null);
      onPath(null);
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  const eventOptions = useMemo(() => catalog.eventTypes.map((e) => ({ value: e.type, label: `${pickText(e.label, locale)} (${e.type})` })), [catalog, locale]);
  const label = (nodeId: string) => {
    const n = graph.nodes.find((x) => x.id === nodeId);
    const def = n ? getKind(n.kind) : undefined;
    return `${def ? pickText(def.label, locale) : (n?.kind ?? '')} · ${nodeId}`;
  };

  return (
    <div data-testid="try-panel">
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t('hint')}
      </Typography.Paragraph>
      <Form layout="vertical" component="div">
        <Form.Item label={t('customer')} htmlFor="try-customer">
          <Select
            id="try-customer"
            data-testid="try-customer"
            showSearch={{ filterOption: false, onSearch: setSearch }}
            allowClear
            placeholder={t('customerPlaceholder')}
            value={customerId}
            onChange={(v: string | undefined) => setCustomerId(v)}
            loading={customers.isFetching}
            options={(customers.data ?? []).map((c) => ({ value: c.id, label: `${c.id} · ${c.name}` }))}
          />
        </Form.Item>
        {customer && (
          <div style={{ marginBottom: 12 }} data-testid="try-tags">
            {Object.entries(customer.tags ?? {}).map(([k, v]) => (
              <Tag key={k} style={{ marginBottom: 4 }}>
                {k}: {String(v)}
              </Tag>
            ))}
          </div>
        )}
        {trigger && (
          <Form.Item label={t('triggerAttributes', { event: pickText(trigger.label, locale) })} htmlFor="try-trigger-attrs">
            <Input.TextArea id="try-trigger-attrs" value={triggerAttrs} onChange={(e) => setTriggerAttrs(e.target.value)} autoSize={{ minRows: 1, maxRows: 4 }} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
        <Typography.Text strong>{t('timeline')}</Typography.Text>
        {events.map((e, i) => (
          <Space.Compact key={i} block style={{ margin: '6px 0' }}>
            <InputNumber aria-label={t('afterMinutes')} min={0} value={e.afterMinutes} onChange={(v) => setEvents(events.map((x, j) => (j === i ? { ...x, afterMinutes: Number(v ?? 0) } : x)))} addonAfter={t('minutes')} style={{ width: 130 }} />
            <Select aria-label={t('eventType')} style={{ width: 150 }} value={e.type} options={eventOptions} onChange={(v: string) => setEvents(events.map((x, j) => (j === i ? { ...x, type: v } : x)))} />
            <Input aria-label={t('attributes')} value={e.attributes} placeholder="{}" onChange={(ev) => setEvents(events.map((x, j) => (j === i ? { ...x, attributes: ev.target.value } : x)))} />
            <Button aria-label={t('removeEvent')} icon={<DeleteOutlined />} onClick={() => setEvents(events.filter((_, j) => j !== i))} />
          </Space.Compact>
        ))}
        <div style={{ margin: '6px 0 12px' }}>
          <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setEvents([...events, { type: catalog.eventTypes[0]?.type ?? '', afterMinutes: 60, attributes: '' }])} data-testid="try-add-event">
            {t('addEvent')}
          </Button>
        </div>
        <Space>
          <Button type="primary" icon={<PlayCircleOutlined />} onClick={run} data-testid="try-run">
            {t('run')}
          </Button>
          {result && (
            <Button
              onClick={() => {
                setResult(null);
                onPath(null);
              }}
            >
              {t('clear')}
            </Button>
          )}
        </Space>
      </Form>
      {error && <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} />}
      {result && (
        <div style={{ marginTop: 16 }} data-testid="try-result" data-status={result.status}>
          <Alert type={result.status === 'done' || result.status === 'waiting' ? 'success' : 'warning'} showIcon title={t(`status.${result.status}`)} description={result.message ? pickText(result.message, locale) : undefined} style={{ marginBottom: 12 }} />
          <Timeline
            items={result.path.map((s, i) => ({
              key: i,
              children: (
                <div data-testid="try-step" data-node={s.nodeId} data-outcome={s.outcome}>
                  <Typography.Text strong>{label(s.nodeId)}</Typography.Text> <Tag>{s.outcome}</Tag>
                  {s.reason && <div style={{ fontSize: 12, color: '#595959' }}>{pickText(s.reason, locale)}</div>}
                </div>
              ),
            }))}
          />
          <Typography.Text strong>{t('contacts', { count: result.contacts.length })}</Typography.Text>
          {result.contacts.map((c, i) => (
            <Alert key={i} type="info" style={{ marginTop: 6 }} data-testid="try-contact" title={`${c.channel} · ${label(c.nodeId)}`} description={c.text} />
          ))}
        </div>
      )}
    </div>
  );
}
