/** The nodes reachable from `starts` along `next` (starts included). Iterative: graphs reach 10,000 nodes. */
export function reach(starts: Iterable<string>, next: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>(starts);
  const stack = [...seen];
  while (stack.length) {
    for (const n of next.get(stack.pop()!) ?? []) {
      if (!seen.has(n)) {
        seen.add(n);
        stack.push(n);
      }
    }
  }
  return seen;
}
