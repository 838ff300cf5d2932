'use client';
import { memo, useEffect, useMemo, useRef } from 'react';
import { Handle, Position, useUpdateNodeInternals, type NodeProps } from '@xyflow/react';
import { useLocale, useMessages, useTranslations } from 'next-intl';
import { Badge, Tooltip } from 'antd';
import { getKind } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { MARK_COLORS, useFlowUi, type LiveNodeCounts } from './flow-context';
import { IN_HANDLE, portLabel, portsOf, type FlowRfNode } from './graph-convert';
import { CATEGORY_VISUALS } from './kind-visuals';
import { summarize } from './node-summary';

const LIVE_FIGURES = ['entered', 'waiting', 'contacted', 'suppressed', 'converted'] as const;
const NO_COUNTS: LiveNodeCounts = { entered: 0, waiting: 0, contacted: 0, suppressed: 0, converted: 0 };

/**
 * One node on the canvas, whatever its kind: the kind's label, a summary of its settings, a red
 * border and a badge when it has problems, and one output handle per port with the port's label.
 */
function FlowNodeView({ id, data, selected }: NodeProps<FlowRfNode>) {
  const { issuesByNode, catalog, readOnly, marks, live } = useFlowUi();
  const mark = marks?.get(id);
  const counts = live ? (live.nodes[id] ?? NO_COUNTS) : undefined;
  const locale = useLocale();
  const t = useTranslations('flow');
  const tl = useTranslations('designerTools.live.figures');
  const messages = useMessages();
  const updateNodeInternals = useUpdateNodeInternals();
  const def = getKind(data.kind);
  const ports = useMemo(() => portsOf(data.kind, data.params), [data.kind, data.params]);
  const portKey = ports.join('\u0000');
  // Ports can change with the settings (switch cases, split branches): re-measure the handles.
  // Not on mount: React Flow measures a new node itself, and 300 nodes each asking for a
  // measurement on mount meant 300 separate store updates (and designer renders) on opening.
  const measuredPorts = useRef(portKey);
  useEffect(() => {
    if (measuredPorts.current === portKey) return;
    measuredPorts.current = portKey;
    updateNodeInternals(id);
  }, [id, portKey, updateNodeInternals]);

  const issues = issuesByNode.get(id) ?? [];
  const visual = CATEGORY_VISUALS[def?.category ?? 'data'];
  const units: Record<string, string> = messages.flow.summary.units;
  const words = {
    duration: (amount: unknown, unit: string) =>
      typeof amount === 'number' && unit in units ? t(`summary.units.${unit as keyof typeof messages.flow.summary.units}`, { amount }) : `${String(amount ?? '?')} ${unit}`,
    noEvent: t('summary.noEvent'),
    noCondition: t('summary.noCondition'),
    emptyMessage: t('summary.emptyMessage'),
    heldOut: t('summary.heldOut'),
  };
  const summary = summarize(data.kind, data.params, { catalog, locale, words });
  const label = def ? pickText(def.label, locale) : data.kind;
  const border = mark ? MARK_COLORS[mark].border : issues.length ? '#ff4d4f' : selected ? '#0b6bcb' : '#d9d9d9';
  const thick = selected || issues.length > 0 || !!mark;

  return (
    <div
      data-testid={`node-${id}`}
      data-kind={data.kind}
      data-issues={issues.length}
      data-mark={mark}
      aria-label={t('nodeAria', { label, id, count: issues.length })}
      style={{
        width: 220,
        background: mark ? MARK_COLORS[mark].background : '#fff',
        opacity: mark === 'removed' ? 0.75 : 1,
        borderColor: `${border} ${border} ${border} ${visual.color}`,
        borderWidth: `${thick ? 2 : 1}px ${thick ? 2 : 1}px ${thick ? 2 : 1}px 5px`,
        borderStyle: mark === 'removed' ? 'dashed' : 'solid',
        borderRadius: 8,
        boxShadow: selected ? '0 0 0 3px rgba(11,107,203,0.18)' : '0 1px 3px rgba(0,0,0,0.08)',
        fontSize: 12,
        position: 'relative',
      }}
    >
      {data.kind !== 'trigger' && (
        <Handle type="target" position={Position.Top} id={IN_HANDLE} isConnectable={!readOnly} data-testid={`handle-${id}-${IN_HANDLE}`} />
      )}
      {issues.length > 0 && (
        <div style={{ position: 'absolute', top: -9, right: -9, zIndex: 1 }}>
          <Tooltip title={issues.map((i) => pickText(i.message, locale)).join('\n')}>
            <Badge count={issues.length} size="small" data-testid={`node-issues-${id}`} />
          </Tooltip>
        </div>
      )}
      <div style={{ padding: '8px 10px 6px' }}>
        <div style={{ display: 'flex', gap: 6, alignItems: 'center', color: visual.color, fontWeight: 600, fontSize: 13 }}>
          {visual.icon}
          <span>{label}</span>
          <span style={{ marginLeft: 'auto', color: '#8c8c8c', fontWeight: 400, fontSize: 11 }}>{id}</span>
        </div>
        {summary && (
          <div style={{ marginTop: 4, color: '#262626', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }} title={summary}>
            {summary}
          </div>
        )}
        {counts && (
          <div className="octo-live" data-testid={`live-${id}`}>
            {LIVE_FIGURES.filter((k) => k === 'entered' || counts[k] > 0).map((k) => (
              <span key={k} data-figure={k}>
                {tl(k)} <b>{counts[k]}</b>
              </span>
            ))}
          </div>
        )}
      </div>
      {ports.length > 0 && (
        <div style={{ display: 'flex', borderTop: '1px dashed #f0f0f0', paddingTop: 2 }}>
          {ports.map((port) => {
            const text = portLabel(data.kind, data.params, port, catalog);
            return (
              <div key={port} style={{ flex: 1, textAlign: 'center', color: '#595959', fontSize: 11, position: 'relative', paddingBottom: 8 }}>
                {typeof text === 'string' ? text : pickText(text, locale)}
                <Handle
                  type="source"
                  position={Position.Bottom}
                  id={port}
                  isConnectable={!readOnly}
                  data-testid={`handle-${id}-${port}`}
                  style={{ left: '50%', width: 11, height: 11, background: visual.color }}
                />
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);
