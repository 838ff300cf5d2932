CREATE TABLE "analytics_node_counts" (
	"campaign_id" uuid NOT NULL,
	"version_hash" text NOT NULL,
	"node_id" text NOT NULL,
	"outcome" text NOT NULL,
	"n" bigint DEFAULT 0 NOT NULL,
	"journeys" bigint DEFAULT 0 NOT NULL,
	"arrivals" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "analytics_node_counts_campaign_id_version_hash_node_id_outcome_pk" PRIMARY KEY("campaign_id","version_hash","node_id","outcome")
);
