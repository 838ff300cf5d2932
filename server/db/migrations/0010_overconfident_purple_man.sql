CREATE TABLE "event_type_definitions" (
	"type" text PRIMARY KEY NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"description_zh" text,
	"description_en" text,
	"attributes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "discarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dead_letters" ADD COLUMN "discarded_by" text;--> statement-breakpoint
CREATE INDEX "events_failed_idx" ON "events" USING btree ("received_at") WHERE status = 'failed';--> statement-breakpoint
CREATE INDEX "outbox_dead_idx" ON "outbox" USING btree ("created_at") WHERE status = 'dead';