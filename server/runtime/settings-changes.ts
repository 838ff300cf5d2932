// Saves of the settings workers cache (settings-cache.ts) bump this, so the next pass reloads.
let generation = 0;

/** Call after the contact policy or the product catalogue changed in this process. */
export function settingsChanged(): void {
  generation++;
}

export const settingsGeneration = (): number => generation;
