ALTER TABLE "steps" DROP CONSTRAINT "steps_journey_id_journeys_id_fk";
--> statement-breakpoint
DROP INDEX "outbox_due_idx";--> statement-breakpoint
DROP INDEX "timers_due_idx";--> statement-breakpoint
CREATE INDEX "outbox_pending_due_idx" ON "outbox" USING btree ("next_attempt_at","id") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "timers_pending_due_idx" ON "timers" USING btree ("due_at","id") WHERE status = 'pending';