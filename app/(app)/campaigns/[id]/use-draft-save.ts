'use client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { FlowGraph } from '@/workflows';
import { useTRPC } from '@/app/_lib/trpc';
import { callError } from '@/app/_lib/trpc-error';
import { clearBackup, writeBackup } from './draft-backup';

/**
 * Saving the draft: by hand (Save, Ctrl+S), automatically a moment after the last edit, and as
 * a local backup on every change. Saves are serialised so an autosave and a submit never race
 * each other into a false conflict. A CONFLICT (someone else saved) stops autosaving and is
 * handed to the conflict dialog: nothing is overwritten without the designer's review.
 */

const AUTOSAVE_MS = 2500;
const BACKUP_MS = 300;

export type SaveResult = { ok: true } | { ok: false; error: unknown };

export interface Conflict {
  /** The revision the designer's edits were based on. */
  mine: number;
}

export interface DraftSaveOptions {
  campaignId: string;
  /** The graph as the panels see it (a moment behind the canvas): drives dirtiness, backup and autosave. */
  graph: FlowGraph;
  graphJson: string;
  /**
   * The graph as it is on the canvas right now. A save reads this, not `graph`: Ctrl+S pressed
   * straight after an edit must save that edit, even before the deferred copy has caught up.
   */
  read(): FlowGraph;
  initialJson: string;
  initialRevision: number;
  enabled: boolean;
}

export function useDraftSave(opts: DraftSaveOptions) {
  const { campaignId, graph, graphJson, enabled } = opts;
  const read = useRef(opts.read);
  read.current = opts.read;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mutation = useMutation(trpc.campaigns.saveDraft.mutationOptions());
  // The mutation object changes every render; the save function must not (autosave's timer keys on it).
  const mutate = useRef(mutation.mutateAsync);
  mutate.current = mutation.mutateAsync;
  /** Failed saves in a row (network down): autosave retries, later each time. */
  const [failures, setFailures] = useState(0);
  const [saved, setSaved] = useState({ json: opts.initialJson, revision: opts.initialRevision });
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saving, setSaving] = useState(false);
  const savedRef = useRef(saved);
  savedRef.current = saved;
  const latest = useRef({ graph, graphJson });
  latest.current = { graph, graphJson };
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const dirty = graphJson !== saved.json;

  /** Saves the current graph on `revision` (default: the one last saved). */
  const save = useCallback(
    (revision?: number): Promise<SaveResult> => {
      const run = async (): Promise<SaveResult> => {
        const g = read.current();
        const json = JSON.stringify(g);
        const base = revision ?? savedRef.current.revision;
        if (json === savedRef.current.json && revision === undefined) return { ok: true };
        setSaving(true);
        try {
          const result = await mutate.current({ id: campaignId, graph: g, revision: base });
          const next = { json, revision: result.revision };
          savedRef.current = next;
          setSaved(next);
          setConflict(null);
          setFailures(0);
          if (latest.current.graphJson === json) clearBackup(campaignId);
          void queryClient.invalidateQueries({ queryKey: trpc.campaigns.list.queryKey() });
          return { ok: true };
        } catch (error) {
          if (callError(error).code === 'CONFLICT') setConflict({ mine: base });
          else setFailures((n) => n + 1);
          return { ok: false, error };
        } finally {
          setSaving(false);
        }
      };
      const p = chain.current.then(run, run);
      chain.current = p;
      return p;
    },
    [campaignId, queryClient, trpc],
  );

  // The local backup follows every change (debounced: a drag changes the graph every frame).
  useEffect(() => {
    if (!enabled || !dirty) return;
    const timer = setTimeout(() => writeBackup(campaignId, { revision: savedRef.current.revision, graph: latest.current.graph, at: Date.now() }), BACKUP_MS);
    return () => clearTimeout(timer);
  }, [enabled, dirty, graphJson, campaignId]);

  // Autosave a moment after the last edit; never while a conflict waits for the designer.
  useEffect(() => {
    if (!enabled || !dirty || conflict) return;
    const timer = setTimeout(() => void save(), AUTOSAVE_MS * Math.min(2 ** failures, 24));
    return () => clearTimeout(timer);
  }, [enabled, dirty, graphJson, conflict, save, failures]);

  // Unsaved work is not lost to a closed tab: the backup is written now, and the browser asks.
  useEffect(() => {
    if (!enabled || !dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      writeBackup(campaignId, { revision: savedRef.current.revision, graph: latest.current.graph, at: Date.now() });
      e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [enabled, dirty, campaignId]);

  /** After recovering a backup made on an older revision, saves go through the conflict review. */
  const rebase = useCallback((revision: number) => {
    const next = { json: savedRef.current.json, revision };
    savedRef.current = next;
    setSaved(next);
  }, []);

  return { saved, dirty, saving, failing: failures > 0, conflict, save, rebase, dismissConflict: () => setConflict(null) };
}
