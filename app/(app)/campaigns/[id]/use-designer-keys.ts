'use client';
import { useEffect, useRef } from 'react';

export interface DesignerKeyActions {
  undo(): void;
  redo(): void;
  copy(): void;
  /** Called on Ctrl+V when the paste event did not bring an Octoflow clipboard. */
  pasteFromStore(): void;
  /** Called with the text of a paste event. Returns true when it was an Octoflow clipboard. */
  pasteText(text: string): boolean;
  selectAll(): void;
  save(): void;
}

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/**
 * The designer's keyboard: Ctrl/Cmd+Z undo, Shift+Ctrl+Z or Ctrl+Y redo, Ctrl+C/V copy and
 * paste nodes, Ctrl+A select all, Ctrl+S save (Delete/Backspace are React Flow's). While typing
 * in a field, the field keeps its own undo, copy and paste; only Ctrl+S is the designer's.
 */
export function useDesignerKeys(actions: DesignerKeyActions, enabled: boolean) {
  const ref = useRef(actions);
  ref.current = actions;

  useEffect(() => {
    let pendingPaste: ReturnType<typeof setTimeout> | undefined;
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (!mod || e.altKey) return;
      const key = e.key.toLowerCase();
      if (key === 's') {
        e.preventDefault();
        ref.current.save();
        return;
      }
      if (!enabled || isTyping(e.target) || document.querySelector('.ant-modal-wrap:not([style*="display: none"]) .ant-modal')) return;
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault();
        ref.current.undo();
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault();
        ref.current.redo();
      } else if (key === 'a') {
        e.preventDefault();
        ref.current.selectAll();
      } else if (key === 'c' && !window.getSelection()?.toString()) {
        ref.current.copy();
      } else if (key === 'v') {
        // The paste event normally follows with the system clipboard; if it does not (no
        // permission, no clipboard), the localStorage copy is used.
        clearTimeout(pendingPaste);
        pendingPaste = setTimeout(() => ref.current.pasteFromStore(), 80);
      }
    };
    const onPaste = (e: ClipboardEvent) => {
      if (!enabled || isTyping(e.target)) return;
      clearTimeout(pendingPaste);
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (ref.current.pasteText(text)) e.preventDefault();
      else ref.current.pasteFromStore();
    };
    window.addEventListener('keydown', onKey);
    document.addEventListener('paste', onPaste);
    return () => {
      clearTimeout(pendingPaste);
      window.removeEventListener('keydown', onKey);
      document.removeEventListener('paste', onPaste);
    };
  }, [enabled]);
}
