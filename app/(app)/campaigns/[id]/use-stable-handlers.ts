'use client';
import { useRef, useState } from 'react';

/**
 * Handlers whose identity never changes but that always call the latest version passed in, so
 * memoised parts of the designer (toolbars, palette, side panel) are not re-rendered on every
 * frame of a drag just because a callback was re-created. The set of names must not change.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler signature is kept as is
export function useStableHandlers<T extends Record<string, (...args: any[]) => unknown>>(handlers: T): T {
  const latest = useRef(handlers);
  latest.current = handlers;
  const [stable] = useState(
    () => Object.fromEntries(Object.keys(handlers).map((key) => [key, (...args: unknown[]) => latest.current[key]!(...args)])) as T,
  );
  return stable;
}
