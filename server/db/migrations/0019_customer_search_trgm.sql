-- The customer list's search: trigram indexes for ILIKE '%term%' (docs/customer-data.md). pg_trgm ships with
-- PostgreSQL (contrib) and PGlite; it is a trusted extension, so the database owner can create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX "customers_id_trgm_idx" ON "customers" USING gin ("id" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_msisdn_trgm_idx" ON "customers" USING gin ("msisdn" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "customers_name_trgm_idx" ON "customers" USING gin ("name" gin_trgm_ops);