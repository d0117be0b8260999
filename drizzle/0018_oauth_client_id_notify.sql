-- A client version's OAuth client id says who a token caller is (the JWT policy's client binding):
-- like a key, it reaches the gateways at once, through the same channel and the same kind of trigger
-- as drizzle/0002's, so every writer emits without remembering to.
CREATE FUNCTION gateway_client_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM gateway_notify('registration', (
    SELECT jsonb_agg(DISTINCT n.id) FROM new_rows n JOIN old_rows o ON o.id = n.id
    WHERE n.oauth_client_id IS DISTINCT FROM o.oauth_client_id
  ));
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER gateway_client_versions_update AFTER UPDATE ON client_versions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION gateway_client_versions_changed();
