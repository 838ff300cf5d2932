CREATE INDEX "frontline_tasks_created_idx" ON "frontline_tasks" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "frontline_tasks_shop_idx" ON "frontline_tasks" USING btree ("outcome_shop_id","created_at");--> statement-breakpoint
CREATE INDEX "frontline_tasks_team_idx" ON "frontline_tasks" USING btree ("outcome_team","created_at");