'use client';
// The designer on a tablet (1024 px across, landscape): the palette and the side panel beside the
// canvas would leave it a fifth of the screen. Below 1280 px they fold away behind buttons in the
// canvas tools and open over the canvas at its edge, as the app's side menu does below 992 px
// (app-shell.tsx). No backdrop: a step is dragged from the open palette onto the canvas beside it.
import type { CSSProperties, ReactNode } from 'react';
import { Button } from 'antd';

/** Where the designer's side panels fold away. */
export const NARROW_DESIGNER = '(max-width: 1279.98px)';

const EDGE: Record<'left' | 'right', CSSProperties> = {
  left: { left: 0, borderRight: '1px solid #f0f0f0', boxShadow: '2px 0 8px rgba(0,0,0,0.15)' },
  right: { right: 0, borderLeft: '1px solid #f0f0f0', boxShadow: '-2px 0 8px rgba(0,0,0,0.15)' },
};

/**
 * A side panel of the designer: beside the canvas on a wide screen; on a narrow one (`folded`)
 * over the canvas at one edge while open, out of sight (and of the keyboard) while folded.
 */
export function SidePanel(p: {
  id: string;
  edge: 'left' | 'right';
  width: number;
  folded: boolean;
  open: boolean;
  onClose(): void;
  label?: string;
  style?: CSSProperties;
  children: ReactNode;
}) {
  if (!p.folded) {
    const border = p.edge === 'left' ? 'borderRight' : 'borderLeft';
    return (
      <aside aria-label={p.label} style={{ width: p.width, [border]: '1px solid #f0f0f0', flexShrink: 0, ...p.style }}>
        {p.children}
      </aside>
    );
  }
  return (
    <aside
      id={p.id}
      aria-label={p.label}
      hidden={!p.open}
      onKeyDown={(e) => {
        if (e.key === 'Escape') p.onClose();
      }}
      style={{ position: 'absolute', top: 0, bottom: 0, zIndex: 20, width: p.width, maxWidth: '100%', overflowY: 'auto', background: '#fff', ...EDGE[p.edge], ...p.style }}
      data-testid={`${p.id}-panel`}
    >
      {p.children}
    </aside>
  );
}

/** The button a folded panel opens and closes by. */
export function FoldToggle(p: { controls: string; open: boolean; icon: ReactNode; label: string; onToggle(): void }) {
  return (
    <Button size="small" type={p.open ? 'primary' : 'default'} icon={p.icon} aria-expanded={p.open} aria-controls={p.controls} onClick={p.onToggle} data-testid={`${p.controls}-toggle`}>
      {p.label}
    </Button>
  );
}
