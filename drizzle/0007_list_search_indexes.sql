-- Trigram indexes make the lists' substring searches (ILIKE '%…%') independent of the table's size.
-- PGlite loads its pg_trgm contrib build (db/client.ts); PostgreSQL ships it (a trusted extension).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
-- An API's tags as one text for the marketplace's tag search: newline-separated, and a search never
-- holds a newline, so a match stays within one tag. Immutable, as an index expression must be.
CREATE OR REPLACE FUNCTION portico_tags_text(tags text[]) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT
  AS $$ SELECT array_to_string(tags, E'\n') $$;--> statement-breakpoint
DROP INDEX "contracts_api_version_id_status_index";--> statement-breakpoint
ALTER TABLE "client_versions" ADD COLUMN "unpublished_changes" boolean GENERATED ALWAYS AS (status = 'Registered' and registered_revision is distinct from config_revision) STORED;--> statement-breakpoint
CREATE INDEX "api_versions_api_id_created_at_id_index" ON "api_versions" USING btree ("api_id","created_at","id");--> statement-breakpoint
CREATE INDEX "apis_lower_name_id_index" ON "apis" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "apis_name_trgm_index" ON "apis" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apis_description_trgm_index" ON "apis" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "apis_tags_trgm_index" ON "apis" USING gin (portico_tags_text("tags") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "plan_versions_plan_id_created_at_id_index" ON "plan_versions" USING btree ("plan_id","created_at","id");--> statement-breakpoint
CREATE INDEX "plans_lower_name_id_index" ON "plans" USING btree (lower("name"),"id");--> statement-breakpoint
CREATE INDEX "plans_name_trgm_index" ON "plans" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "plans_description_trgm_index" ON "plans" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "client_versions_unpublished_changes_index" ON "client_versions" USING btree ("unpublished_changes");--> statement-breakpoint
CREATE INDEX "client_versions_updated_at_id_index" ON "client_versions" USING btree ("updated_at","id");--> statement-breakpoint
CREATE INDEX "clients_name_trgm_index" ON "clients" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "contracts_api_version_id_status_created_at_id_index" ON "contracts" USING btree ("api_version_id","status","created_at","id");--> statement-breakpoint
CREATE INDEX "contracts_status_created_at_id_index" ON "contracts" USING btree ("status","created_at","id");