import { FlowGraph } from '@/workflows';
import { z } from 'zod';

/**
 * A copy of the unsaved draft in localStorage, so a crashed tab, a reload or a lost network does
 * not lose work. It remembers the revision the edits were based on: recovering edits made on an
 * older revision must go through the conflict review, never overwrite someone's newer save.
 */
export const DraftBackup = z.object({ revision: z.number().int().min(0), graph: FlowGraph, at: z.number() });
export type DraftBackup = z.infer<typeof DraftBackup>;

const key = (campaignId: string) => `octoflow.draft.${campaignId}`;

export function readBackup(campaignId: string): DraftBackup | null {
  try {
    const raw = window.localStorage.getItem(key(campaignId));
    if (!raw) return null;
    const parsed = DraftBackup.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function writeBackup(campaignId: string, backup: DraftBackup) {
  try {
    window.localStorage.setItem(key(campaignId), JSON.stringify(backup));
  } catch {
    // Storage full or disabled: autosave to the server still protects the work.
  }
}

export function clearBackup(campaignId: string) {
  try {
    window.localStorage.removeItem(key(campaignId));
  } catch {
    // nothing to clear
  }
}
