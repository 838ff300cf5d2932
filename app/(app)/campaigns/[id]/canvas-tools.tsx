'use client';
import { useRef, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Button, Divider, Space, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  CopyOutlined,
  DeleteOutlined,
  DownloadOutlined,
  ExpandOutlined,
  RedoOutlined,
  SelectOutlined,
  SnippetsOutlined,
  UndoOutlined,
  UploadOutlined,
} from '@ant-design/icons';

export interface CanvasToolsProps {
  readOnly: boolean;
  canUndo: boolean;
  canRedo: boolean;
  hasSelection: boolean;
  layingOut: boolean;
  onUndo(): void;
  onRedo(): void;
  onCopy(): void;
  onPaste(): void;
  onDelete(): void;
  onSelectAll(): void;
  onLayout(): void;
  onFit(): void;
  onExport(): void;
  onImport(text: string): void;
  /** First in the row (on a tablet: the button that opens the folded palette). */
  leading?: ReactNode;
  /** Last in the row (on a tablet: the button that opens the folded side panel). */
  trailing?: ReactNode;
}

const mod = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl+';

/** The editing commands as buttons (each with its keyboard shortcut in the tooltip). */
export function CanvasTools(p: CanvasToolsProps) {
  const t = useTranslations('designerTools.tools');
  const file = useRef<HTMLInputElement>(null);
  const tool = (key: string, label: string, shortcut: string | null, icon: ReactNode, onClick: () => void, disabled = false, loading = false) => (
    <Tooltip title={shortcut ? `${label} (${shortcut})` : label}>
      <Button size="small" icon={icon} onClick={onClick} disabled={disabled} loading={loading} aria-label={label} data-testid={`tool-${key}`} />
    </Tooltip>
  );
  return (
    <Space size={4} wrap role="toolbar" aria-label={t('title')} style={{ padding: '6px 8px', borderBottom: '1px solid #f0f0f0', width: '100%' }}>
      {p.leading && (
        <>
          {p.leading}
          <Divider orientation="vertical" />
        </>
      )}
      {!p.readOnly && (
        <>
          {tool('undo', t('undo'), `${mod}Z`, <UndoOutlined />, p.onUndo, !p.canUndo)}
          {tool('redo', t('redo'), `${mod}Shift+Z`, <RedoOutlined />, p.onRedo, !p.canRedo)}
          <Divider orientation="vertical" />
          {tool('copy', t('copy'), `${mod}C`, <CopyOutlined />, p.onCopy, !p.hasSelection)}
          {tool('paste', t('paste'), `${mod}V`, <SnippetsOutlined />, p.onPaste)}
          {tool('delete', t('delete'), 'Delete', <DeleteOutlined />, p.onDelete, !p.hasSelection)}
          {tool('select-all', t('selectAll'), `${mod}A`, <SelectOutlined />, p.onSelectAll)}
          <Divider orientation="vertical" />
          {tool('layout', t('layout'), null, <ApartmentOutlined />, p.onLayout, false, p.layingOut)}
        </>
      )}
      {tool('fit', t('fit'), null, <ExpandOutlined />, p.onFit)}
      <Divider orientation="vertical" />
      {tool('export', t('export'), null, <DownloadOutlined />, p.onExport)}
      {!p.readOnly && (
        <>
          {tool('import', t('import'), null, <UploadOutlined />, () => file.current?.click())}
          <input
            ref={file}
            type="file"
            accept="application/json,.json"
            hidden
            aria-label={t('import')}
            data-testid="import-file"
            onChange={async (e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) p.onImport(await f.text());
            }}
          />
        </>
      )}
      {p.trailing && (
        <>
          <Divider orientation="vertical" />
          {p.trailing}
        </>
      )}
    </Space>
  );
}
