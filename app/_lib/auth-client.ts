'use client';
import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { createAuthClient } from 'better-auth/react';

export const authClient = createAuthClient();

/** Signs out and goes to the sign-in page, forgetting everything loaded for this user. */
export function useSignOut(): () => Promise<void> {
  const router = useRouter();
  const queryClient = useQueryClient();
  return async () => {
    await authClient.signOut();
    // Nothing one user loaded may show to the next one on this browser.
    queryClient.clear();
    router.replace('/sign-in');
    router.refresh();
  };
}
