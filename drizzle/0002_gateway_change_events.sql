-- Change events for the runtime gateway (gateway/). After every committed statement that changes
-- what a gateway serves, PostgreSQL sends one NOTIFY on channel portico_gateway naming the entries
-- to reload: {"t":"api_version"|"registration"|"key","ids":[...]}, or {"t":"all"} for bulk writes.
-- Triggers instead of calls in the commands: every writer emits without remembering to, cascaded
-- deletes included, and nothing is sent for a rolled-back transaction.
CREATE FUNCTION gateway_notify(kind text, ids jsonb) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF ids IS NULL OR jsonb_array_length(ids) = 0 THEN
    RETURN;
  END IF;
  IF jsonb_array_length(ids) > 100 THEN
    PERFORM pg_notify('portico_gateway', '{"t":"all"}');
  ELSE
    PERFORM pg_notify('portico_gateway', jsonb_build_object('t', kind, 'ids', ids)::text);
  END IF;
END $$;
--> statement-breakpoint
CREATE FUNCTION gateway_api_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM gateway_notify('api_version', (SELECT jsonb_agg(DISTINCT id) FROM old_rows));
  ELSE
    PERFORM gateway_notify('api_version', (SELECT jsonb_agg(DISTINCT id) FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- A public API version's own policies are served live (there is no registration step for it).
CREATE FUNCTION gateway_policies_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM gateway_notify('api_version', (SELECT jsonb_agg(DISTINCT api_version_id) FROM old_rows WHERE api_version_id IS NOT NULL));
  ELSE
    PERFORM gateway_notify('api_version', (SELECT jsonb_agg(DISTINCT api_version_id) FROM new_rows WHERE api_version_id IS NOT NULL));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION gateway_registrations_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM gateway_notify('registration', (SELECT jsonb_agg(DISTINCT client_version_id) FROM old_rows));
  ELSE
    PERFORM gateway_notify('registration', (SELECT jsonb_agg(DISTINCT client_version_id) FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION gateway_api_keys_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    PERFORM gateway_notify('key', (SELECT jsonb_agg(DISTINCT key) FROM old_rows));
  ELSE
    PERFORM gateway_notify('key', (SELECT jsonb_agg(DISTINCT key) FROM new_rows));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER gateway_api_versions_insert AFTER INSERT ON api_versions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_versions_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_api_versions_update AFTER UPDATE ON api_versions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_versions_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_api_versions_delete AFTER DELETE ON api_versions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_versions_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_policies_insert AFTER INSERT ON policies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_policies_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_policies_update AFTER UPDATE ON policies REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_policies_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_policies_delete AFTER DELETE ON policies REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_policies_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_registrations_insert AFTER INSERT ON registrations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_registrations_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_registrations_update AFTER UPDATE ON registrations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_registrations_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_registrations_delete AFTER DELETE ON registrations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_registrations_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_api_keys_insert AFTER INSERT ON api_keys REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_keys_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_api_keys_update AFTER UPDATE ON api_keys REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_keys_changed();
--> statement-breakpoint
CREATE TRIGGER gateway_api_keys_delete AFTER DELETE ON api_keys REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_api_keys_changed();
