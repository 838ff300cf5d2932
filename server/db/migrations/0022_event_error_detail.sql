-- Why an event failed, as a code with its values, so the operations page words it in the reader's
-- language (server/runtime/event-failure.ts); and attempts that count every run of an event's step.
ALTER TABLE "events" ADD COLUMN "error_detail" jsonb;
--> statement-breakpoint
-- Events already parked for an unknown customer get that detail back from their English message;
-- other failed rows keep a null detail, and the page shows their stored message as before. Such
-- an event was tried once (an unknown customer fails at once) but was recorded with 0 attempts.
-- Only failed rows are touched (events_failed_idx: normally few).
UPDATE "events"
   SET "error_detail" = jsonb_build_object('code', 'unknown_customer', 'params', jsonb_build_object('customerId', "customer_id")),
       "attempts" = greatest("attempts", 1)
 WHERE "status" = 'failed' AND "error" = 'unknown customer ' || "customer_id";
--> statement-breakpoint
UPDATE "events" SET "attempts" = 1 WHERE "status" = 'failed' AND "attempts" = 0;
