import { z } from 'zod';
import { LocalizedText, type FlowIssue } from '@/workflows';

export type { FlowIssue };

/** Validation issues as the server sends them in `error.data.details`: parsed, not trusted. */
export const FlowIssueList = z.array(
  z.object({
    nodeId: z.string().optional(),
    edgeId: z.string().optional(),
    rule: z.string(),
    message: LocalizedText,
    field: z.string().optional(),
    start: z.number().optional(),
    end: z.number().optional(),
  }),
);
