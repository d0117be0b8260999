ALTER TABLE "request_metrics" DROP CONSTRAINT "request_metrics_api_version_id_api_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "request_metrics" DROP CONSTRAINT "request_metrics_client_version_id_client_versions_id_fk";
--> statement-breakpoint
ALTER TABLE "request_metrics" DROP CONSTRAINT "request_metrics_plan_version_id_plan_versions_id_fk";
