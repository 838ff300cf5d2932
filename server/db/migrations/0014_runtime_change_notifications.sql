-- What every event's steps read from memory hears of every change to it, through the trigger
-- function of 0013 (NOTIFY octoflow_changes, sent when the change commits): the live-flow index
-- (server/runtime/live-flows.ts) of a campaign's status, live version and priority, a sign-off or
-- an offer's terms; the settings cache (server/runtime/settings-cache.ts) of the contact policy,
-- the products' rules and the offers. So every process applies a launch, a pause or a new rule
-- within milliseconds, whoever made it: the app, another process or an operator's SQL. A draft
-- saved in the designer changes none of the campaign columns named, so it is not announced.
CREATE TRIGGER campaigns_changed
  AFTER INSERT OR UPDATE OF status, priority, exclusive, quiet_hours_mode, live_version_id, live_since OR DELETE OR TRUNCATE ON campaigns
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER approvals_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON approvals
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER offers_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON offers
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
--> statement-breakpoint
CREATE TRIGGER settings_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
  FOR EACH STATEMENT EXECUTE FUNCTION octoflow_notify_change();
