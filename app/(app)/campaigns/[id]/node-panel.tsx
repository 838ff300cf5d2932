'use client';
import { useLocale, useTranslations } from 'next-intl';
import { Alert, Button, Divider, Form, Select, Typography } from 'antd';
import { DeleteOutlined } from '@ant-design/icons';
import { getKind, type Catalog } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import type { FlowIssue } from '@/app/_lib/flow-issue';
import { portLabel, portsOf, type FlowRfEdge, type FlowRfNode } from '@/app/_components/flow/graph-convert';
import { ParamForm, renderedPaths } from './param-form';

export interface NodePanelProps {
  node: FlowRfNode;
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
  issues: FlowIssue[];
  catalog: Catalog;
  eventType: string | undefined;
  readOnly: boolean;
  onParams(update: (params: Record<string, unknown>) => Record<string, unknown>): void;
  /** Connects an output port to a node (or disconnects it with null): the keyboard way to draw. */
  onConnectPort(port: string, target: string | null): void;
  onDelete(): void;
}

/** The selected node: its generated settings form, where each output leads, and delete. */
export function NodePanel({ node, nodes, edges, issues, catalog, eventType, readOnly, onParams, onConnectPort, onDelete }: NodePanelProps) {
  const t = useTranslations('designer.node');
  const locale = useLocale();
  const def = getKind(node.data.kind);
  const paths = renderedPaths(node.data.kind, node.data.params);
  const ports = portsOf(node.data.kind, node.data.params);
  const general = issues.filter((i) => !i.field || !paths.has(i.field));
  const targets = nodes.filter((n) => n.id !== node.id && n.data.kind !== 'trigger');

  return (
    <div data-testid="node-panel" data-node={node.id}>
      <Typography.Title level={5} style={{ marginTop: 0, marginBottom: 0 }}>
        {def ? pickText(def.label, locale) : node.data.kind} <Typography.Text type="secondary">· {node.id}</Typography.Text>
      </Typography.Title>
      {def?.description && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {pickText(def.description, locale)}
        </Typography.Paragraph>
      )}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="node-panel-issues"
          title={
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {general.map((i, n) => (
                <li key={n}>{pickText(i.message, locale)}</li>
              ))}
            </ul>
          }
        />
      )}
      <ParamForm
        nodeId={node.id}
        kind={node.data.kind}
        params={node.data.params}
        onChange={onParams}
        issues={issues}
        catalog={catalog}
        eventType={eventType}
        readOnly={readOnly}
      />
      {ports.length > 0 && (
        <>
          <Divider titlePlacement="start" plain style={{ margin: '8px 0' }}>
            {t('outputs')}
          </Divider>
          <Form layout="vertical" component="div" disabled={readOnly}>
            {ports.map((port) => {
              const label = portLabel(node.data.kind, node.data.params, port, catalog);
              const id = `port-${node.id}-${port}`;
              const current = edges.find((e) => e.source === node.id && e.sourceHandle === port)?.target;
              return (
                <Form.Item key={port} label={t('leadsTo', { port: typeof label === 'string' ? label : pickText(label, locale) })} htmlFor={id}>
                  <Select
                    id={id}
                    data-testid={`port-select-${port}`}
                    allowClear
                    placeholder={t('notConnected')}
                    value={current ?? null}
                    onChange={(v: string | null | undefined) => onConnectPort(port, v ?? null)}
                    options={targets.map((n) => {
                      const k = getKind(n.data.kind);
                      return { value: n.id, label: `${k ? pickText(k.label, locale) : n.data.kind} · ${n.id}` };
                    })}
                  />
                </Form.Item>
              );
            })}
          </Form>
        </>
      )}
      {!readOnly && (
        <Button danger icon={<DeleteOutlined />} onClick={onDelete} data-testid="node-delete" style={{ marginTop: 8 }}>
          {t('delete')}
        </Button>
      )}
    </div>
  );
}
