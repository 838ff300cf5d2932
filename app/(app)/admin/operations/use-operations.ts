'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/app/_lib/trpc';

/** Refreshes every list of the page and the tab counts (after a replay or a retry). */
export function useRefreshOperations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries(trpc.operations.pathFilter());
}
