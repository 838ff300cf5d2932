'use client';
import { useMemo, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Form, Input, InputNumber, Select, Space, Tag, Timeline, Typography } from 'antd';
import { DeleteOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { findEventType, getKind, productsChecked, simulateFlow, type Catalog, type FlowGraph, type SimulationResult } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { pickText } from '@/app/_lib/localized';
import { useCodeLabels } from '@/app/_lib/code-labels';
import { useStepOutcomeLabel } from '@/app/_lib/step-outcome';
import { TagValue } from '@/app/(app)/customers/tag-value';

/** A line on the timeline: a touchpoint event, or an approver's decision at an approval step. */
type PlannedEvent =
  | { kind: 'event'; type: string; afterMinutes: number; attributes: string }
  | { kind: 'decision'; nodeId: string; decision: 'approved' | 'rejected'; afterMinutes: number };

/** The products the flow checks: eligibility steps' products and the offers' products of offer choices. */
/**
 * "Try it on a customer": a demo customer's tags, the trigger's event and later events on a
 * timeline, run through simulateFlow in the browser (the same compiled machine the runtime
 * runs). The path lights up on the canvas; each branch says why, each contact shows its text.
 */
export function TryPanel({ graph, catalog, eventType, onPath }: { graph: FlowGraph; catalog: Catalog; eventType: string | undefined; onPath(nodes: string[] | null): void }) {
  const t = useTranslations('designerTools.try');
  const locale = useLocale();
  const trpc = useTRPC();
  const codes = useCodeLabels();
  const outcomeLabel = useStepOutcomeLabel();
  const [search, setSearch] = useState('');
  const customers = useQuery(trpc.customers.list.queryOptions({ search: search || undefined, pageSize: 50 }));
  const [customerId, setCustomerId] = useState<string | undefined>();
  const customer = customers.data?.rows.find((c) => c.id === customerId);
  const trigger = eventType ? findEventType(catalog, eventType) : undefined;
  const [triggerAttrs, setTriggerAttrs] = useState(() =>
    JSON.stringify(Object.fromEntries((trigger?.attributes ?? []).map((a) => [a.name, a.type === 'int' || a.type === 'double' ? 80 : a.type === 'bool' ? true : (a.values?.[0] ?? '')]))),
  );
  // Without a demo customer, the tags are entered by hand.
  const [customTags, setCustomTags] = useState('');
  const [events, setEvents] = useState<PlannedEvent[]>([]);
  const update = (i: number, change: Partial<PlannedEvent>) => setEvents(events.map((x, j) => (j === i ? ({ ...x, ...change } as PlannedEvent) : x)));
  // Which of the flow's products this customer may take now, by the runtime's own rules.
  const productIds = useMemo(() => productsChecked(graph.nodes, catalog), [graph, catalog]);
  const verdicts = useQuery({
    ...trpc.customers.tryEligibility.queryOptions({ customerId: customerId ?? '', productIds }),
    enabled: !!customerId && productIds.length > 0,
  });
  const approvalNodes = graph.nodes.filter((n) => n.kind === 'approval');
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

  const enteredTags = (): Record<string, unknown> => {
    try {
      return parse(customTags, '');
    } catch {
      throw new Error(t('badTags'));
    }
  };

  const run = () => {
    setError(null);
    try {
      const start = new Date();
      const input = {
        customer: customer ? { ...customer.tags, name: customer.name, msisdn: customer.msisdn } : enteredTags(),
        customerId: customer?.id ?? 'TRY',
        trigger: { type: eventType ?? 'schedule', attributes: parse(triggerAttrs, t('triggerEvent')), at: start },
        events: events.flatMap((e, i) =>
          e.kind === 'event' ? [{ type: e.type, at: new Date(start.getTime() + e.afterMinutes * 60_000), attributes: parse(e.attributes, t('eventN', { n: i + 1 })) }] : [],
        ),
        decisions: events.flatMap((e) => (e.kind === 'decision' && e.nodeId ? [{ nodeId: e.nodeId, decision: e.decision, at: new Date(start.getTime() + e.afterMinutes * 60_000) }] : [])),
        // Without a customer (or before their answer is in) a product is assumed eligible, and the path says so.
        eligibility: customerId && verdicts.data ? Object.fromEntries(verdicts.data.map((v) => [v.productId, v.eligible])) : undefined,
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
            options={(customers.data?.rows ?? []).map((c) => ({ value: c.id, label: `${c.id} · ${c.name}` }))}
          />
        </Form.Item>
        {customer && (
          <div style={{ marginBottom: 12 }} data-testid="try-tags">
            {Object.entries(customer.tags ?? {}).map(([k, v]) => (
              <Tag key={k} style={{ marginBottom: 4 }} title={k} data-tag={k}>
                {pickText(catalog.tags.find((f) => f.name === k)?.label, locale) || k}: <TagValue name={k} value={v} />
              </Tag>
            ))}
          </div>
        )}
        {!customer && (
          <Form.Item label={t('customTags')} htmlFor="try-custom-tags">
            <Input.TextArea
              id="try-custom-tags"
              data-testid="try-custom-tags"
              value={customTags}
              onChange={(e) => setCustomTags(e.target.value)}
              placeholder='{"arpu": 88.0, "plan": "basic_4g", "value_tier": "gold"}'
              autoSize={{ minRows: 1, maxRows: 4 }}
              style={{ fontFamily: 'monospace' }}
            />
          </Form.Item>
        )}
        {customer && verdicts.data && verdicts.data.length > 0 && (
          <div style={{ marginBottom: 12 }} data-testid="try-eligibility">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('eligibility')}
            </Typography.Text>
            {verdicts.data.map((v) => {
              const product = catalog.products.find((p) => p.id === v.productId);
              return (
                <div key={v.productId} data-testid="try-eligibility-product" data-product={v.productId} data-eligible={v.eligible} style={{ fontSize: 12 }}>
                  <Tag color={v.eligible ? 'green' : 'red'}>{v.eligible ? t('eligible') : t('notEligible')}</Tag>
                  {product ? pickText(product.label, locale) : v.productId}
                  {v.reason && <Typography.Text type="secondary"> · {pickText(v.reason, locale)}</Typography.Text>}
                </div>
              );
            })}
          </div>
        )}
        {trigger && (
          <Form.Item label={t('triggerAttributes', { event: pickText(trigger.label, locale) })} htmlFor="try-trigger-attrs">
            <Input.TextArea id="try-trigger-attrs" value={triggerAttrs} onChange={(e) => setTriggerAttrs(e.target.value)} autoSize={{ minRows: 1, maxRows: 4 }} style={{ fontFamily: 'monospace' }} />
          </Form.Item>
        )}
        <Typography.Text strong>{t('timeline')}</Typography.Text>
        {events.map((e, i) => (
          <div key={i} data-testid="try-timeline-item" data-kind={e.kind} style={{ margin: '6px 0' }}>
            {e.kind === 'decision' && (
              <Select
                aria-label={t('approvalNode')}
                style={{ width: '100%', marginBottom: 4 }}
                value={e.nodeId || undefined}
                options={approvalNodes.map((n) => ({ value: n.id, label: label(n.id) }))}
                onChange={(v: string) => update(i, { nodeId: v })}
                data-testid="try-decision-node"
              />
            )}
            <Space.Compact block>
              <InputNumber aria-label={t('afterMinutes')} min={0} value={e.afterMinutes} onChange={(v) => update(i, { afterMinutes: Number(v ?? 0) })} suffix={t('minutes')} style={{ width: 130 }} />
              {e.kind === 'event' ? (
                <>
                  <Select aria-label={t('eventType')} style={{ width: 150 }} value={e.type} options={eventOptions} onChange={(v: string) => update(i, { type: v })} />
                  <Input aria-label={t('attributes')} value={e.attributes} placeholder="{}" onChange={(ev) => update(i, { attributes: ev.target.value })} />
                </>
              ) : (
                <Select
                  aria-label={t('decision')}
                  style={{ flex: 1 }}
                  value={e.decision}
                  options={[
                    { value: 'approved', label: t('approved') },
                    { value: 'rejected', label: t('rejected') },
                  ]}
                  onChange={(v: 'approved' | 'rejected') => update(i, { decision: v })}
                  data-testid="try-decision"
                />
              )}
              <Button aria-label={t('removeEvent')} icon={<DeleteOutlined />} onClick={() => setEvents(events.filter((_, j) => j !== i))} />
            </Space.Compact>
          </div>
        ))}
        <div style={{ margin: '6px 0 12px' }}>
          <Space wrap>
            <Button size="small" type="dashed" icon={<PlusOutlined />} onClick={() => setEvents([...events, { kind: 'event', type: catalog.eventTypes[0]?.type ?? '', afterMinutes: 60, attributes: '' }])} data-testid="try-add-event">
              {t('addEvent')}
            </Button>
            {approvalNodes.length > 0 && (
              <Button
                size="small"
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => setEvents([...events, { kind: 'decision', nodeId: approvalNodes[0]!.id, decision: 'approved', afterMinutes: 0 }])}
                data-testid="try-add-decision"
              >
                {t('addDecision')}
              </Button>
            )}
          </Space>
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
              content: (
                <div data-testid="try-step" data-node={s.nodeId} data-outcome={s.outcome}>
                  <Typography.Text strong>{label(s.nodeId)}</Typography.Text> <Tag title={s.outcome}>{outcomeLabel(s.kind, s.outcome)}</Tag>
                  {s.reason && <div style={{ fontSize: 12, color: '#595959' }}>{pickText(s.reason, locale)}</div>}
                </div>
              ),
            }))}
          />
          <Typography.Text strong>{t('contacts', { count: result.contacts.length })}</Typography.Text>
          {result.contacts.map((c, i) => (
            <Alert
              key={i}
              type="info"
              style={{ marginTop: 6 }}
              data-testid="try-contact"
              title={
                <span data-channel={c.channel}>
                  {codes.channel(c.channel)} <Typography.Text type="secondary">· {c.nodeId}</Typography.Text>
                </span>
              }
              description={c.text}
            />
          ))}
        </div>
      )}
    </div>
  );
}
