'use client';
import { createContext, useContext, type ReactNode } from 'react';
import { can, type Permission } from '@/server/auth/permissions';
import type { Actor } from '@/server/auth/roles';

// The signed-in user, resolved once by the (app) layout on the server. The server re-checks
// every permission; the UI only uses it to hide actions a role cannot take.
const ActorContext = createContext<Actor | null>(null);

export function ActorProvider({ actor, children }: { actor: Actor; children: ReactNode }) {
  return <ActorContext.Provider value={actor}>{children}</ActorContext.Provider>;
}

export function useActor(): Actor {
  const actor = useContext(ActorContext);
  if (!actor) throw new Error('useActor outside the signed-in app');
  return actor;
}

export function useCan(permission: Permission): boolean {
  return can(useActor().role, permission);
}
