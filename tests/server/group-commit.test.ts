// Group commit (server/runtime/group-commit.ts): callers arriving while a write is in flight
// share the next write, each gets its own answer, and a bad item fails only its own caller.
import { describe, expect, it } from 'vitest';
import { groupCommit } from '@/server/runtime/group-commit';

const later = () => new Promise((r) => setTimeout(r, 5));

describe('groupCommit', () => {
  it('should write a lone caller at once and group the callers that arrive during a write', async () => {
    const writes: number[][] = [];
    const write = groupCommit(async (items: number[]) => {
      writes.push(items);
      await later();
      return items.map((n) => n * 10);
    });
    const first = write(1);
    const rest = [2, 3, 4].map(write);
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40]);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('should fail only the caller whose item fails when its group fails', async () => {
    const write = groupCommit(async (items: string[]) => {
      await later();
      if (items.includes('bad')) throw new Error('bad row');
      return items.map((s) => s.toUpperCase());
    });
    const busy = write('x');
    const results = await Promise.allSettled(['a', 'bad', 'b'].map(write));
    await busy;
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual(['A', 'bad row', 'B']);
  });

  it('should cap a group at maxItems and write the rest next', async () => {
    const sizes: number[] = [];
    const write = groupCommit(async (items: number[]) => {
      sizes.push(items.length);
      await later();
      return items;
    }, 3);
    await Promise.all([0, 1, 2, 3, 4, 5, 6, 7].map(write));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
