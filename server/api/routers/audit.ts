// The audit log for administrators (issue 6): search, verify the hash chain. CSV export is the
// route app/api/audit/export (server/http/audit-export.ts) so the browser can download it.
import { z } from 'zod';
import * as svc from '../../services/audit';
import { procedure, router } from '../trpc';

export const AuditFilterInput = z.object({
  actor: z.string().trim().max(200).optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
});

export const auditRouter = router({
  search: procedure('audit.read')
    // `cursor`: the oldest entry's seq on the page before (newest first, pages going back).
    .input(AuditFilterInput.extend({ limit: z.number().int().min(1).max(500).optional(), cursor: z.number().int().positive().nullish() }))
    .query(({ ctx, input: { cursor, ...f } }) => svc.searchAudit(ctx.app.rt.db, { ...f, beforeSeq: cursor ?? undefined })),
  verify: procedure('audit.read').mutation(({ ctx }) => svc.verifyAuditChain(ctx.app.rt.db)),
});
