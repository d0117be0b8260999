ALTER TYPE "public"."policy_type" ADD VALUE 'JWT';--> statement-breakpoint
ALTER TABLE "client_versions" ADD COLUMN "oauth_client_id" text;