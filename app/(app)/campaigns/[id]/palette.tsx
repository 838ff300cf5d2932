'use client';
import type { DragEvent } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { Button, Tooltip, Typography } from 'antd';
import { nodeKinds, type NodeKind } from '@/workflows';
import { pickText } from '@/app/_lib/localized';
import { CATEGORY_ORDER, CATEGORY_VISUALS } from '@/app/_components/flow/kind-visuals';

export const DRAG_MIME = 'application/x-octoflow-kind';

const KINDS = Object.values(nodeKinds);
// A name longer than the column (English "Scheduled audience") wraps inside its button instead of
// running past it; one-line names keep the standard 32 px button.
const LABEL_STYLE = { justifyContent: 'flex-start', textAlign: 'start', whiteSpace: 'normal', height: 'auto', minHeight: 32, paddingBlock: 4, marginBottom: 6 } as const;

/** The node kinds, grouped by category, straight from the workflows registry: click or drag to add. */
export function Palette({ onAdd }: { onAdd(kind: NodeKind): void }) {
  const t = useTranslations('designer.palette');
  const locale = useLocale();
  const onDragStart = (e: DragEvent, kind: string) => {
    e.dataTransfer.setData(DRAG_MIME, kind);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <nav aria-label={t('title')} data-testid="palette" style={{ padding: 12, overflowY: 'auto', height: '100%' }}>
      <Typography.Text strong>{t('title')}</Typography.Text>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '4px 0 8px' }}>
        {t('hint')}
      </Typography.Paragraph>
      {CATEGORY_ORDER.map((category) => {
        const kinds = KINDS.filter((k) => k.category === category);
        if (!kinds.length) return null;
        return (
          <section key={category} aria-label={t(`categories.${category}`)} style={{ marginBottom: 12 }}>
            <div style={{ fontSize: 12, color: '#8c8c8c', margin: '4px 0' }}>{t(`categories.${category}`)}</div>
            {kinds.map((def) => (
              <Tooltip key={def.kind} title={pickText(def.description, locale)} placement="right">
                <Button
                  block
                  draggable
                  onDragStart={(e) => onDragStart(e, def.kind)}
                  onClick={() => onAdd(def.kind as NodeKind)}
                  icon={<span style={{ color: CATEGORY_VISUALS[category].color }}>{CATEGORY_VISUALS[category].icon}</span>}
                  style={LABEL_STYLE}
                  data-testid={`palette-${def.kind}`}
                >
                  {pickText(def.label, locale)}
                </Button>
              </Tooltip>
            ))}
          </section>
        );
      })}
    </nav>
  );
}
