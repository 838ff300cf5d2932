import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** The TRPCError a call was refused with (failing the test if it succeeded or threw anything else). */
export async function rejection(p: Promise<unknown>): Promise<TRPCError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TRPCError);
  return err as TRPCError;
}
