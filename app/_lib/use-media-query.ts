'use client';
import { useSyncExternalStore } from 'react';

/**
 * Whether the window matches a CSS media query, following it as the window is resized or a
 * tablet turned. The server and the first render assume it does not match (a desktop's layout).
 */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}
