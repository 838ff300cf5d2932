CREATE TABLE "account" (
	"id" text PRIMARY KEY NOT NULL,
	"account_id" text NOT NULL,
	"provider_id" text NOT NULL,
	"user_id" text NOT NULL,
	"access_token" text,
	"refresh_token" text,
	"id_token" text,
	"access_token_expires_at" timestamp with time zone,
	"refresh_token_expires_at" timestamp with time zone,
	"scope" text,
	"password" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "session" (
	"id" text PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	"user_id" text NOT NULL,
	CONSTRAINT "session_token_unique" UNIQUE("token")
);
--> statement-breakpoint
CREATE TABLE "user" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"email_verified" boolean DEFAULT false NOT NULL,
	"image" text,
	"role" text DEFAULT 'designer' NOT NULL,
	"department" text DEFAULT 'market' NOT NULL,
	"locale" text,
	"team" text,
	"shop_id" text,
	"role_source" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "verification" (
	"id" text PRIMARY KEY NOT NULL,
	"identifier" text NOT NULL,
	"value" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"flow_version_id" uuid NOT NULL,
	"version_hash" text NOT NULL,
	"approver_id" text NOT NULL,
	"department" text NOT NULL,
	"step_id" text DEFAULT 'department' NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"actor_id" text,
	"version_hash" text,
	"note" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"department" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"priority" integer DEFAULT 50 NOT NULL,
	"objective" text DEFAULT '' NOT NULL,
	"start_at" timestamp with time zone,
	"end_at" timestamp with time zone,
	"allocation" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"on_exhausted" text DEFAULT 'pause' NOT NULL,
	"exclusive" boolean DEFAULT true NOT NULL,
	"quiet_hours_mode" text DEFAULT 'hold' NOT NULL,
	"draft_graph" jsonb NOT NULL,
	"draft_revision" integer DEFAULT 0 NOT NULL,
	"live_version_id" uuid,
	"live_since" timestamp with time zone,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "flow_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"version_no" integer NOT NULL,
	"graph" jsonb NOT NULL,
	"machine" jsonb NOT NULL,
	"triggers" jsonb NOT NULL,
	"entries" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"hash" text NOT NULL,
	"compiler_version" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"signoffs" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"key_hash" text NOT NULL,
	"scopes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rate_per_second" integer DEFAULT 50 NOT NULL,
	"burst" integer DEFAULT 100 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "customers" (
	"id" text PRIMARY KEY NOT NULL,
	"msisdn" text NOT NULL,
	"name" text NOT NULL,
	"tags" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "products" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"price_cny" double precision DEFAULT 0 NOT NULL,
	"exclusive_with" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_plans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"min_tenure_months" integer DEFAULT 0 NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "subscriptions" (
	"customer_id" text NOT NULL,
	"product_id" text NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "subscriptions_customer_id_product_id_pk" PRIMARY KEY("customer_id","product_id")
);
--> statement-breakpoint
CREATE TABLE "approval_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"journey_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"journey_revision" integer NOT NULL,
	"customer_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"department" text NOT NULL,
	"role" text,
	"note" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"due_at" timestamp with time zone,
	"decided_by" text,
	"comment" text,
	"created_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"notified_at" timestamp with time zone,
	"escalated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "contact_blocks" (
	"customer_id" text NOT NULL,
	"channel" text NOT NULL,
	"reason" text NOT NULL,
	"source" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_blocks_customer_id_channel_pk" PRIMARY KEY("customer_id","channel")
);
--> statement-breakpoint
CREATE TABLE "contact_consents" (
	"customer_id" text NOT NULL,
	"channel" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contact_consents_customer_id_channel_pk" PRIMARY KEY("customer_id","channel")
);
--> statement-breakpoint
CREATE TABLE "contact_ledger" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"customer_id" text NOT NULL,
	"channel" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"effect_key" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dead_letters" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"event_id" text,
	"payload" jsonb NOT NULL,
	"error" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"replayed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"customer_id" text NOT NULL,
	"type" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "journeys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"flow_version_id" uuid NOT NULL,
	"version_hash" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"snapshot" jsonb NOT NULL,
	"current_node" text,
	"waiting_for" text[],
	"revision" integer DEFAULT 0 NOT NULL,
	"trigger_event_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"effect_key" text NOT NULL,
	"journey_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"channel" text NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"suppression_reason" text,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"provider_ref" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "schedule_runs" (
	"flow_version_id" uuid NOT NULL,
	"moment" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"cursor" text DEFAULT '' NOT NULL,
	"examined" integer DEFAULT 0 NOT NULL,
	"entered" integer DEFAULT 0 NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "schedule_runs_flow_version_id_moment_pk" PRIMARY KEY("flow_version_id","moment")
);
--> statement-breakpoint
CREATE TABLE "sent_messages" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"outbox_id" integer NOT NULL,
	"effect_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"channel" text NOT NULL,
	"address" text NOT NULL,
	"body" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_replies" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"msisdn" text NOT NULL,
	"service_number" text NOT NULL,
	"text" text NOT NULL,
	"opt_out" boolean NOT NULL,
	"customer_id" text,
	"received_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sms_segments" (
	"message_id" text PRIMARY KEY NOT NULL,
	"outbox_id" integer NOT NULL,
	"effect_key" text NOT NULL,
	"customer_id" text NOT NULL,
	"segment" integer NOT NULL,
	"segments" integer NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"receipt_status" text,
	"receipt_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "steps" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"journey_id" uuid NOT NULL,
	"customer_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"version_hash" text NOT NULL,
	"node_id" text NOT NULL,
	"node_kind" text NOT NULL,
	"outcome" text NOT NULL,
	"input" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "timers" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"journey_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"journey_revision" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"fired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "frontline_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"effect_key" text NOT NULL,
	"kind" text NOT NULL,
	"customer_id" text NOT NULL,
	"campaign_id" uuid NOT NULL,
	"journey_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"offer_id" text,
	"script" text NOT NULL,
	"priority" integer DEFAULT 1 NOT NULL,
	"region" text,
	"commission_cny" double precision DEFAULT 0 NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"claimed_by" text,
	"claimed_at" timestamp with time zone,
	"available_at" timestamp with time zone,
	"assigned_to" text,
	"outcome" text,
	"outcome_at" timestamp with time zone,
	"outcome_by" text,
	"outcome_team" text,
	"outcome_shop_id" text,
	"note" text,
	"due_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"file_name" text NOT NULL,
	"mode" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"actor" text NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"inserted" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"unchanged" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"errors" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"error_detail" jsonb,
	"owner" text,
	"heartbeat_at" timestamp with time zone,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "offers" (
	"id" text PRIMARY KEY NOT NULL,
	"product_id" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"price_cny" double precision DEFAULT 0 NOT NULL,
	"valid_from" timestamp with time zone,
	"valid_to" timestamp with time zone,
	"active" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "tag_definitions" (
	"name" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"values" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"label_zh" text NOT NULL,
	"label_en" text NOT NULL,
	"description_zh" text,
	"description_en" text,
	"position" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
CREATE TABLE "analytics_complaint_hours" (
	"hour" timestamp with time zone NOT NULL,
	"campaign_id" text NOT NULL,
	"department" text NOT NULL,
	"channel" text NOT NULL,
	"category" text NOT NULL,
	"source" text NOT NULL,
	"region" text NOT NULL,
	"n" bigint NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "analytics_complaint_hours_hour_campaign_id_channel_category_source_region_demo_pk" PRIMARY KEY("hour","campaign_id","channel","category","source","region","demo")
);
--> statement-breakpoint
CREATE TABLE "analytics_event_hours" (
	"hour" timestamp with time zone NOT NULL,
	"type" text NOT NULL,
	"region" text NOT NULL,
	"n" bigint NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "analytics_event_hours_hour_type_region_demo_pk" PRIMARY KEY("hour","type","region","demo")
);
--> statement-breakpoint
CREATE TABLE "analytics_frontline_days" (
	"day" timestamp with time zone NOT NULL,
	"campaign_id" uuid NOT NULL,
	"department" text NOT NULL,
	"kind" text NOT NULL,
	"region" text NOT NULL,
	"shop" text NOT NULL,
	"team" text NOT NULL,
	"pushed" bigint DEFAULT 0 NOT NULL,
	"worked" bigint DEFAULT 0 NOT NULL,
	"accepted" bigint DEFAULT 0 NOT NULL,
	"commission_cny" double precision DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "analytics_frontline_days_day_campaign_id_kind_region_shop_team_demo_pk" PRIMARY KEY("day","campaign_id","kind","region","shop","team","demo")
);
--> statement-breakpoint
CREATE TABLE "analytics_minutes" (
	"minute" timestamp with time zone PRIMARY KEY NOT NULL,
	"events" bigint DEFAULT 0 NOT NULL,
	"contacts" bigint DEFAULT 0 NOT NULL,
	"latency_ms_sum" bigint DEFAULT 0 NOT NULL,
	"latency_n" bigint DEFAULT 0 NOT NULL,
	"latency_ms_max" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_step_days" (
	"day" timestamp with time zone NOT NULL,
	"campaign_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"node_kind" text NOT NULL,
	"channel" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"region" text NOT NULL,
	"department" text NOT NULL,
	"n" bigint NOT NULL,
	"revenue_cny" double precision DEFAULT 0 NOT NULL,
	"latency_ms_sum" bigint DEFAULT 0 NOT NULL,
	"latency_n" bigint DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "analytics_step_days_day_campaign_id_node_id_outcome_reason_region_channel_demo_pk" PRIMARY KEY("day","campaign_id","node_id","outcome","reason","region","channel","demo")
);
--> statement-breakpoint
CREATE TABLE "analytics_step_hours" (
	"hour" timestamp with time zone NOT NULL,
	"campaign_id" uuid NOT NULL,
	"node_id" text NOT NULL,
	"node_kind" text NOT NULL,
	"channel" text NOT NULL,
	"outcome" text NOT NULL,
	"reason" text NOT NULL,
	"region" text NOT NULL,
	"department" text NOT NULL,
	"n" bigint NOT NULL,
	"revenue_cny" double precision DEFAULT 0 NOT NULL,
	"latency_ms_sum" bigint DEFAULT 0 NOT NULL,
	"latency_n" bigint DEFAULT 0 NOT NULL,
	"demo" boolean DEFAULT false NOT NULL,
	CONSTRAINT "analytics_step_hours_hour_campaign_id_node_id_outcome_reason_region_channel_demo_pk" PRIMARY KEY("hour","campaign_id","node_id","outcome","reason","region","channel","demo")
);
--> statement-breakpoint
CREATE TABLE "analytics_step_id_hours" (
	"hour" timestamp with time zone PRIMARY KEY NOT NULL,
	"min_id" bigint NOT NULL,
	"max_id" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_watermarks" (
	"source" text PRIMARY KEY NOT NULL,
	"last_id" bigint DEFAULT 0 NOT NULL,
	"gaps" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"rows" bigint DEFAULT 0 NOT NULL,
	"passes" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"actor_id" text,
	"actor_email" text,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"version_hash" text,
	"detail" jsonb NOT NULL,
	"prev_hash" text NOT NULL,
	"hash" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"notification_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_until" timestamp with time zone,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" text NOT NULL,
	"kind" text NOT NULL,
	"campaign_id" uuid,
	"version_id" uuid,
	"detail" jsonb NOT NULL,
	"read" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partner_endpoints" (
	"id" text PRIMARY KEY NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"url" text NOT NULL,
	"secret_sealed" text NOT NULL,
	"secret_set_at" timestamp with time zone NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wording_templates" (
	"id" text PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name_zh" text NOT NULL,
	"name_en" text NOT NULL,
	"body" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "account" ADD CONSTRAINT "account_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "session" ADD CONSTRAINT "session_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_flow_version_id_flow_versions_id_fk" FOREIGN KEY ("flow_version_id") REFERENCES "public"."flow_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approvals" ADD CONSTRAINT "approvals_approver_id_user_id_fk" FOREIGN KEY ("approver_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_events" ADD CONSTRAINT "campaign_events_actor_id_user_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flow_versions" ADD CONSTRAINT "flow_versions_created_by_user_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."user"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "approval_tasks" ADD CONSTRAINT "approval_tasks_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journeys" ADD CONSTRAINT "journeys_flow_version_id_flow_versions_id_fk" FOREIGN KEY ("flow_version_id") REFERENCES "public"."flow_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "timers" ADD CONSTRAINT "timers_journey_id_journeys_id_fk" FOREIGN KEY ("journey_id") REFERENCES "public"."journeys"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_user_idx" ON "account" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "session_user_idx" ON "session" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "approvals_version_approver_idx" ON "approvals" USING btree ("flow_version_id","approver_id");--> statement-breakpoint
CREATE INDEX "approvals_version_idx" ON "approvals" USING btree ("flow_version_id");--> statement-breakpoint
CREATE INDEX "campaign_events_campaign_idx" ON "campaign_events" USING btree ("campaign_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "flow_versions_campaign_no_idx" ON "flow_versions" USING btree ("campaign_id","version_no");--> statement-breakpoint
CREATE INDEX "flow_versions_hash_idx" ON "flow_versions" USING btree ("hash");--> statement-breakpoint
CREATE INDEX "customers_msisdn_idx" ON "customers" USING btree ("msisdn");--> statement-breakpoint
CREATE INDEX "approval_tasks_open_idx" ON "approval_tasks" USING btree ("department","status","created_at");--> statement-breakpoint
CREATE INDEX "approval_tasks_journey_idx" ON "approval_tasks" USING btree ("journey_id");--> statement-breakpoint
CREATE INDEX "approval_tasks_due_idx" ON "approval_tasks" USING btree ("due_at") WHERE status = 'open';--> statement-breakpoint
CREATE INDEX "contact_ledger_customer_idx" ON "contact_ledger" USING btree ("customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "contact_ledger_effect_idx" ON "contact_ledger" USING btree ("effect_key");--> statement-breakpoint
CREATE INDEX "dead_letters_open_idx" ON "dead_letters" USING btree ("received_at") WHERE replayed_at is null;--> statement-breakpoint
CREATE INDEX "events_pending_idx" ON "events" USING btree ("occurred_at","seq") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "events_customer_idx" ON "events" USING btree ("customer_id","occurred_at");--> statement-breakpoint
CREATE INDEX "events_seq_idx" ON "events" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "journeys_customer_idx" ON "journeys" USING btree ("customer_id","campaign_id");--> statement-breakpoint
CREATE INDEX "journeys_version_node_idx" ON "journeys" USING btree ("flow_version_id","status","current_node");--> statement-breakpoint
CREATE INDEX "journeys_waiting_idx" ON "journeys" USING btree ("customer_id","waiting_for") WHERE waiting_for is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_effect_key_idx" ON "outbox" USING btree ("effect_key");--> statement-breakpoint
CREATE INDEX "outbox_due_idx" ON "outbox" USING btree ("status","next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "sent_messages_effect_key_idx" ON "sent_messages" USING btree ("effect_key");--> statement-breakpoint
CREATE INDEX "sent_messages_customer_idx" ON "sent_messages" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "sms_replies_customer_idx" ON "sms_replies" USING btree ("customer_id","received_at");--> statement-breakpoint
CREATE INDEX "sms_segments_outbox_idx" ON "sms_segments" USING btree ("outbox_id");--> statement-breakpoint
CREATE INDEX "steps_customer_idx" ON "steps" USING btree ("customer_id","id");--> statement-breakpoint
CREATE INDEX "steps_journey_idx" ON "steps" USING btree ("journey_id","id");--> statement-breakpoint
CREATE INDEX "steps_campaign_node_idx" ON "steps" USING btree ("campaign_id","version_hash","node_id","outcome","journey_id");--> statement-breakpoint
CREATE INDEX "timers_due_idx" ON "timers" USING btree ("status","due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE UNIQUE INDEX "frontline_tasks_effect_idx" ON "frontline_tasks" USING btree ("effect_key");--> statement-breakpoint
CREATE INDEX "frontline_tasks_queue_idx" ON "frontline_tasks" USING btree ("kind","status","priority","due_at") WHERE status in ('open','claimed');--> statement-breakpoint
CREATE INDEX "frontline_tasks_due_idx" ON "frontline_tasks" USING btree ("due_at") WHERE status in ('open','claimed');--> statement-breakpoint
CREATE INDEX "frontline_tasks_customer_idx" ON "frontline_tasks" USING btree ("customer_id","kind","status");--> statement-breakpoint
CREATE INDEX "frontline_tasks_commission_idx" ON "frontline_tasks" USING btree ("outcome_at") WHERE outcome = 'accepted';--> statement-breakpoint
CREATE INDEX "imports_started_idx" ON "imports" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "imports_running_idx" ON "imports" USING btree ("heartbeat_at") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "offers_product_idx" ON "offers" USING btree ("product_id");--> statement-breakpoint
CREATE INDEX "analytics_step_days_outcome_idx" ON "analytics_step_days" USING btree ("outcome","day");--> statement-breakpoint
CREATE INDEX "analytics_step_days_campaign_idx" ON "analytics_step_days" USING btree ("campaign_id","outcome");--> statement-breakpoint
CREATE INDEX "analytics_step_hours_outcome_idx" ON "analytics_step_hours" USING btree ("outcome","hour");--> statement-breakpoint
CREATE INDEX "analytics_step_hours_campaign_idx" ON "analytics_step_hours" USING btree ("campaign_id","outcome");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_log_entity_idx" ON "audit_log" USING btree ("entity_type","entity_id");--> statement-breakpoint
CREATE INDEX "audit_log_actor_idx" ON "audit_log" USING btree ("actor_email");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_key" ON "notification_deliveries" USING btree ("notification_id","channel");--> statement-breakpoint
CREATE INDEX "notification_deliveries_due_idx" ON "notification_deliveries" USING btree ("next_attempt_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","read","created_at");--> statement-breakpoint
CREATE INDEX "wording_templates_kind_idx" ON "wording_templates" USING btree ("kind","id");