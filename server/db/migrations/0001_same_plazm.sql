ALTER TABLE "user" ADD COLUMN "titles" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD COLUMN "request" text;