// Each person's notifications (the bell): sign-offs waiting, allocation requests, escalations.
import { z } from 'zod';
import * as svc from '../../services/notifications';
import { procedure, router } from '../trpc';

export const notificationsRouter = router({
  list: procedure('notifications.read').query(({ ctx }) => svc.listNotifications(ctx.app.rt.db, ctx.actor)),
  markRead: procedure('notifications.read')
    .input(z.object({ ids: z.array(z.uuid()).max(200).optional() }))
    .mutation(({ ctx, input }) => svc.markNotificationsRead(ctx.app.rt.db, ctx.actor, input.ids)),
});
