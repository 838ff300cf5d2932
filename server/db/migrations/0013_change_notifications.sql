-- Caches of api_keys and partner_endpoints (server/db/change-feed.ts) hear of every change to
-- them, by any process or by hand, through this notification, sent when the change commits.
CREATE OR REPLACE FUNCTION octoflow_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('octoflow_changes', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER api_keys_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER partner_endpoints_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON partner_endpoints
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
