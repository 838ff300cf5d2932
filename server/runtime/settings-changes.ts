import { processWide } from '../process-wide';

// Saves of the settings workers cache (settings-cache.ts) bump this, so the next pass reloads.
// Process-wide: a save made by a request's copy of this module must reach the workers' copy.
const state = processWide('settings.generation', () => ({ generation: 0 }));

/** Call after the contact policy or the product catalogue changed in this process. */
export function settingsChanged(): void {
  state.generation++;
}

export const settingsGeneration = (): number => state.generation;
