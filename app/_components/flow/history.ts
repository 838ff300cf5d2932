'use client';
import { useCallback, useRef, useState } from 'react';

/**
 * Undo/redo over whole-document snapshots. The document is immutable React state, so a snapshot
 * is a few references, cheap even for a 300-node flow. `record` is called just before a change;
 * edits with the same `key` inside `coalesceMs` (typing in one field, nudging one node) make one
 * undo step, as people expect from an editor.
 */
export interface History<T> {
  record(current: T, key?: string): void;
  undo(current: T): T | undefined;
  redo(current: T): T | undefined;
  canUndo: boolean;
  canRedo: boolean;
}

const LIMIT = 200;

export function useHistory<T>(coalesceMs = 1000): History<T> {
  const past = useRef<T[]>([]);
  const future = useRef<T[]>([]);
  const last = useRef<{ key: string; at: number } | null>(null);
  const [, setTick] = useState(0);
  const bump = () => setTick((n) => n + 1);

  const record = useCallback(
    (current: T, key?: string) => {
      const now = Date.now();
      if (key && last.current?.key === key && now - last.current.at < coalesceMs) {
        last.current.at = now;
        return;
      }
      last.current = key ? { key, at: now } : null;
      past.current.push(current);
      if (past.current.length > LIMIT) past.current.shift();
      future.current = [];
      bump();
    },
    [coalesceMs],
  );

  const undo = useCallback((current: T) => {
    const prev = past.current.pop();
    if (prev === undefined) return undefined;
    future.current.push(current);
    last.current = null;
    bump();
    return prev;
  }, []);

  const redo = useCallback((current: T) => {
    const next = future.current.pop();
    if (next === undefined) return undefined;
    past.current.push(current);
    last.current = null;
    bump();
    return next;
  }, []);

  return { record, undo, redo, canUndo: past.current.length > 0, canRedo: future.current.length > 0 };
}
