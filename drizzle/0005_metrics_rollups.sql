CREATE TYPE "public"."metrics_resolution" AS ENUM('minute', 'hour', 'day');--> statement-breakpoint
CREATE TABLE "request_metric_rollups" (
	"resolution" "metrics_resolution" NOT NULL,
	"period_start" timestamp with time zone NOT NULL,
	"api_version_id" integer,
	"client_version_id" integer,
	"plan_version_id" integer,
	"response_type" "response_type" NOT NULL,
	"failure_code" text,
	"requests" integer NOT NULL,
	"bytes_in" bigint NOT NULL,
	"bytes_out" bigint NOT NULL,
	"gateway_ms_total" bigint NOT NULL,
	"latency_buckets" integer[] NOT NULL,
	CONSTRAINT "request_metric_rollups_key" UNIQUE NULLS NOT DISTINCT("resolution","period_start","api_version_id","client_version_id","plan_version_id","response_type","failure_code")
);
--> statement-breakpoint
ALTER TABLE "request_metric_rollups" ADD CONSTRAINT "request_metric_rollups_api_version_id_api_versions_id_fk" FOREIGN KEY ("api_version_id") REFERENCES "public"."api_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "request_metric_rollups_client_version_id_resolution_period_start_index" ON "request_metric_rollups" USING btree ("client_version_id","resolution","period_start");--> statement-breakpoint
CREATE INDEX "request_metric_rollups_api_version_id_resolution_period_start_index" ON "request_metric_rollups" USING btree ("api_version_id","resolution","period_start");--> statement-breakpoint
CREATE INDEX "request_metric_rollups_plan_version_id_resolution_period_start_index" ON "request_metric_rollups" USING btree ("plan_version_id","resolution","period_start");--> statement-breakpoint
CREATE INDEX "request_metrics_at_index" ON "request_metrics" USING btree ("at");