// A LIKE / ILIKE pattern that finds `text` anywhere, with the pattern's own wildcards (% and _)
// and the escape character taken literally: a search for "50%" finds "50%", not "500".
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
