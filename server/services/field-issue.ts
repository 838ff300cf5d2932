// A field of a refused input and what is wrong with it, in the reader's language: what the API puts
// beside a BAD_REQUEST's message (`data.fields`) so a form can show each problem under its field.
// Pure (zod only): the server's error formatter and the pages' forms read the same shape.
import { z } from 'zod';

export const FieldIssue = z.object({
  /** Where in the input, as the procedure's input names it: `['caps', 'perDay']`, `['attributes', 1, 'name']`. */
  path: z.array(z.union([z.string(), z.number()])),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof FieldIssue>;

export const FieldIssueList = z.array(FieldIssue);
