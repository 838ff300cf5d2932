import type { z } from 'zod';

// Service errors carry a code the API maps to an HTTP/tRPC status, and a message users can act on.
export type ServiceErrorCode = 'NOT_FOUND' | 'BAD_REQUEST' | 'CONFLICT' | 'FORBIDDEN' | 'PRECONDITION_FAILED';

export class ServiceError extends Error {
  constructor(
    readonly code: ServiceErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** A schema's issues as the fields and what is wrong with them: `attributes.1.name: …; type: …`. */
export function describeIssues(error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || 'input'}: ${i.message}`).join('; ');
}

/** Parses a service's input, or refuses it (BAD_REQUEST) naming every field that is wrong. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw new ServiceError('BAD_REQUEST', describeIssues(r.error));
}
