import type { z } from 'zod';

export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });

export const problem = (status: number, error: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  json(status, { error, ...extra }, headers);

/**
 * A JSON answer checked against the schema its OpenAPI document is generated from
 * (partner-schemas.ts): what is sent is what is documented, and a field the schema does not
 * declare is not sent. A body that does not fit is a server error, found by the tests.
 */
export const reply = <T extends z.ZodType>(status: number, schema: T, body: z.input<T>, headers: Record<string, string> = {}) =>
  json(status, schema.parse(body), headers);
