// Customer data administration: the declared tag schema, the declared event types and the bulk
// imports' records.
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { imports } from '../../db/schema';
import { runningImportProgress } from '../../services/customer-import';
import { ServiceError } from '../../services/errors';
import * as tags from '../../services/tag-schema';
import * as eventTypes from '../../services/event-types';
import { BUILT_IN_EVENT_TYPES, builtInEventTypes } from '../../services/catalog';
import { procedure, router } from '../trpc';

const importColumns = {
  id: imports.id,
  kind: imports.kind,
  fileName: imports.fileName,
  mode: imports.mode,
  status: imports.status,
  actor: imports.actor,
  lines: imports.lines,
  inserted: imports.inserted,
  updated: imports.updated,
  unchanged: imports.unchanged,
  rejected: imports.rejected,
  error: imports.error,
  errorDetail: imports.errorDetail,
  startedAt: imports.startedAt,
  finishedAt: imports.finishedAt,
};

export const customerDataRouter = router({
  tags: procedure('catalog.read').query(({ ctx }) => tags.listTagDefinitions(ctx.app.rt.db)),
  saveTag: procedure('tags.manage')
    .input(tags.TagDefinitionInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await tags.saveTagDefinition(ctx.app.rt.db, ctx.actor, input);
      await ctx.app.catalog.refresh();
      return saved;
    }),
  deleteTag: procedure('tags.manage')
    .input(z.object({ name: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await tags.deleteTagDefinition(ctx.app.rt.db, ctx.actor, input.name);
      await ctx.app.catalog.refresh();
    }),
  /** Built-in event types (read-only) and the declared ones. */
  eventTypes: procedure('catalog.read').query(({ ctx }) => eventTypes.listEventTypes(ctx.app.rt.db, builtInEventTypes(ctx.app.rt.catalog.tags))),
  saveEventType: procedure('eventtypes.manage')
    .input(eventTypes.EventTypeInput)
    .mutation(async ({ ctx, input }) => {
      const saved = await eventTypes.saveEventType(ctx.app.rt.db, ctx.actor, input, BUILT_IN_EVENT_TYPES);
      await ctx.app.catalog.refresh();
      return saved;
    }),
  deleteEventType: procedure('eventtypes.manage')
    .input(z.object({ type: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await eventTypes.deleteEventType(ctx.app.rt.db, ctx.actor, input.type, BUILT_IN_EVENT_TYPES);
      await ctx.app.catalog.refresh();
    }),
  /** The latest imports; running ones show this process's live progress. */
  imports: procedure('imports.run').query(async ({ ctx }) => {
    const rows = await ctx.app.rt.db.select(importColumns).from(imports).orderBy(desc(imports.startedAt)).limit(50);
    return rows.map((r) => (r.status === 'running' ? { ...r, ...(runningImportProgress(r.id) ?? {}) } : r));
  }),
  import: procedure('imports.run')
    .input(z.object({ id: z.uuid() }))
    .query(async ({ ctx, input }) => {
      const [row] = await ctx.app.rt.db.select().from(imports).where(eq(imports.id, input.id));
      if (!row) throw new ServiceError('NOT_FOUND', `import ${input.id} not found`);
      return row.status === 'running' ? { ...row, ...(runningImportProgress(row.id) ?? {}) } : row;
    }),
});
