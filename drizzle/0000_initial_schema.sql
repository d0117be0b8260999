CREATE TYPE "public"."api_version_status" AS ENUM('Created', 'Ready', 'Published', 'Retired');--> statement-breakpoint
CREATE TYPE "public"."change_action" AS ENUM('create', 'update', 'delete', 'publish', 'lock', 'register', 'unregister', 'retire', 'contract_created', 'contract_broken', 'contract_approved', 'contract_rejected', 'policy_added', 'policy_removed', 'policy_updated', 'policies_reordered', 'key_rotated', 'member_added', 'member_updated', 'member_removed');--> statement-breakpoint
CREATE TYPE "public"."client_version_status" AS ENUM('Created', 'AwaitingApproval', 'Ready', 'Registered', 'Retired');--> statement-breakpoint
CREATE TYPE "public"."contract_status" AS ENUM('AwaitingApproval', 'Active');--> statement-breakpoint
CREATE TYPE "public"."entity_type" AS ENUM('organization', 'member', 'api', 'api_version', 'plan', 'plan_version', 'client', 'client_version', 'contract', 'policy');--> statement-breakpoint
CREATE TYPE "public"."notification_type" AS ENUM('signup_requested', 'contract_approved', 'contract_rejected', 'client_registered', 'api_retired');--> statement-breakpoint
CREATE TYPE "public"."org_role" AS ENUM('Editor', 'Viewer', 'UserManager');--> statement-breakpoint
CREATE TYPE "public"."plan_version_status" AS ENUM('Created', 'Locked');--> statement-breakpoint
CREATE TYPE "public"."policy_type" AS ENUM('RateLimiting', 'Quota', 'TransferQuota', 'IPAllowlist', 'IPBlocklist', 'APIKey', 'Header', 'IgnoredResources', 'TimeRestrictedAccess', 'BasicAuthentication', 'CORS');--> statement-breakpoint
CREATE TYPE "public"."response_type" AS ENUM('success', 'policy_failure', 'error');--> statement-breakpoint
CREATE TYPE "public"."user_profile" AS ENUM('admin', 'user', 'developer');--> statement-breakpoint
CREATE TABLE "memberships" (
	"org_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"role" "org_role" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "memberships_org_id_user_id_role_pk" PRIMARY KEY("org_id","user_id","role")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"email" text NOT NULL,
	"name" text NOT NULL,
	"password_hash" text NOT NULL,
	"profile" "user_profile" DEFAULT 'developer' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organizations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organizations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"terms" text DEFAULT '' NOT NULL,
	"personal_for_user_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organizations_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "api_plans" (
	"api_version_id" integer NOT NULL,
	"plan_version_id" integer NOT NULL,
	"requires_approval" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_plans_api_version_id_plan_version_id_pk" PRIMARY KEY("api_version_id","plan_version_id")
);
--> statement-breakpoint
CREATE TABLE "api_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "api_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"api_id" integer NOT NULL,
	"version" text NOT NULL,
	"status" "api_version_status" DEFAULT 'Created' NOT NULL,
	"is_public" boolean DEFAULT false NOT NULL,
	"endpoint_url" text,
	"open_api_document" text,
	"featured" boolean DEFAULT false NOT NULL,
	"timeout_ms" integer DEFAULT 30000 NOT NULL,
	"published_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "api_versions_apiId_version_unique" UNIQUE("api_id","version")
);
--> statement-breakpoint
CREATE TABLE "apis" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "apis_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "apis_orgId_slug_unique" UNIQUE("org_id","slug")
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"version" text NOT NULL,
	"status" "plan_version_status" DEFAULT 'Created' NOT NULL,
	"locked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_planId_version_unique" UNIQUE("plan_id","version")
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_orgId_slug_unique" UNIQUE("org_id","slug")
);
--> statement-breakpoint
CREATE TABLE "api_keys" (
	"key" uuid PRIMARY KEY NOT NULL,
	"client_version_id" integer NOT NULL,
	"expires_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "client_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "client_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_id" integer NOT NULL,
	"version" text NOT NULL,
	"status" "client_version_status" DEFAULT 'Created' NOT NULL,
	"config_revision" integer DEFAULT 1 NOT NULL,
	"registered_revision" integer,
	"registered_at" timestamp with time zone,
	"retired_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "client_versions_clientId_version_unique" UNIQUE("client_id","version")
);
--> statement-breakpoint
CREATE TABLE "clients" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "clients_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "clients_orgId_slug_unique" UNIQUE("org_id","slug")
);
--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contracts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_version_id" integer NOT NULL,
	"api_version_id" integer NOT NULL,
	"plan_version_id" integer NOT NULL,
	"status" "contract_status" NOT NULL,
	"requested_by_user_id" integer,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_clientVersionId_apiVersionId_unique" UNIQUE("client_version_id","api_version_id")
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "policies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"client_version_id" integer,
	"plan_version_id" integer,
	"api_version_id" integer,
	"type" "policy_type" NOT NULL,
	"config" jsonb NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "policies_one_owner" CHECK (num_nonnulls("policies"."client_version_id", "policies"."plan_version_id", "policies"."api_version_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "registrations" (
	"client_version_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"revision" integer NOT NULL,
	"configuration" jsonb NOT NULL,
	"registered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "change_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" integer NOT NULL,
	"actor_user_id" integer,
	"actor_name" text NOT NULL,
	"entity_type" "entity_type" NOT NULL,
	"entity_id" integer NOT NULL,
	"entity_name" text NOT NULL,
	"entity_version" text,
	"action" "change_action" NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "notifications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"type" "notification_type" NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"link" text,
	"read_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "request_metrics" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_metrics_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"api_version_id" integer,
	"client_version_id" integer,
	"plan_version_id" integer,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"status" smallint NOT NULL,
	"gateway_ms" integer NOT NULL,
	"backend_ms" integer,
	"bytes_in" bigint DEFAULT 0 NOT NULL,
	"bytes_out" bigint DEFAULT 0 NOT NULL,
	"response_type" "response_type" NOT NULL,
	"failure_code" text
);
--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_personal_for_user_id_users_id_fk" FOREIGN KEY ("personal_for_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_plans" ADD CONSTRAINT "api_plans_api_version_id_api_versions_id_fk" FOREIGN KEY ("api_version_id") REFERENCES "public"."api_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_plans" ADD CONSTRAINT "api_plans_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_versions" ADD CONSTRAINT "api_versions_api_id_apis_id_fk" FOREIGN KEY ("api_id") REFERENCES "public"."apis"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "apis" ADD CONSTRAINT "apis_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_client_version_id_client_versions_id_fk" FOREIGN KEY ("client_version_id") REFERENCES "public"."client_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "client_versions" ADD CONSTRAINT "client_versions_client_id_clients_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."clients"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "clients" ADD CONSTRAINT "clients_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_client_version_id_client_versions_id_fk" FOREIGN KEY ("client_version_id") REFERENCES "public"."client_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_api_version_id_api_versions_id_fk" FOREIGN KEY ("api_version_id") REFERENCES "public"."api_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_client_version_id_client_versions_id_fk" FOREIGN KEY ("client_version_id") REFERENCES "public"."client_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policies" ADD CONSTRAINT "policies_api_version_id_api_versions_id_fk" FOREIGN KEY ("api_version_id") REFERENCES "public"."api_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_client_version_id_client_versions_id_fk" FOREIGN KEY ("client_version_id") REFERENCES "public"."client_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registrations" ADD CONSTRAINT "registrations_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_log" ADD CONSTRAINT "change_log_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_metrics" ADD CONSTRAINT "request_metrics_api_version_id_api_versions_id_fk" FOREIGN KEY ("api_version_id") REFERENCES "public"."api_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_metrics" ADD CONSTRAINT "request_metrics_client_version_id_client_versions_id_fk" FOREIGN KEY ("client_version_id") REFERENCES "public"."client_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "request_metrics" ADD CONSTRAINT "request_metrics_plan_version_id_plan_versions_id_fk" FOREIGN KEY ("plan_version_id") REFERENCES "public"."plan_versions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "memberships_user_id_index" ON "memberships" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_unique" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_name_unique" ON "organizations" USING btree (lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "organizations_personal_for_user_id_index" ON "organizations" USING btree ("personal_for_user_id");--> statement-breakpoint
CREATE INDEX "api_plans_plan_version_id_index" ON "api_plans" USING btree ("plan_version_id");--> statement-breakpoint
CREATE INDEX "api_versions_status_index" ON "api_versions" USING btree ("status");--> statement-breakpoint
CREATE INDEX "api_versions_featured_index" ON "api_versions" USING btree ("featured");--> statement-breakpoint
CREATE UNIQUE INDEX "apis_org_name_unique" ON "apis" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "apis_name_index" ON "apis" USING btree ("name");--> statement-breakpoint
CREATE INDEX "plan_versions_status_index" ON "plan_versions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "plans_org_name_unique" ON "plans" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "plans_name_index" ON "plans" USING btree ("name");--> statement-breakpoint
CREATE INDEX "api_keys_client_version_id_index" ON "api_keys" USING btree ("client_version_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_keys_one_current_per_version" ON "api_keys" USING btree ("client_version_id") WHERE "api_keys"."expires_at" is null;--> statement-breakpoint
CREATE INDEX "client_versions_status_index" ON "client_versions" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "clients_org_name_unique" ON "clients" USING btree ("org_id",lower("name"));--> statement-breakpoint
CREATE INDEX "clients_name_id_index" ON "clients" USING btree ("name","id");--> statement-breakpoint
CREATE INDEX "contracts_api_version_id_status_index" ON "contracts" USING btree ("api_version_id","status");--> statement-breakpoint
CREATE INDEX "contracts_plan_version_id_index" ON "contracts" USING btree ("plan_version_id");--> statement-breakpoint
CREATE INDEX "contracts_requested_by_user_id_index" ON "contracts" USING btree ("requested_by_user_id");--> statement-breakpoint
CREATE INDEX "policies_client_version_id_position_index" ON "policies" USING btree ("client_version_id","position");--> statement-breakpoint
CREATE INDEX "policies_plan_version_id_position_index" ON "policies" USING btree ("plan_version_id","position");--> statement-breakpoint
CREATE INDEX "policies_api_version_id_position_index" ON "policies" USING btree ("api_version_id","position");--> statement-breakpoint
CREATE INDEX "registrations_org_id_index" ON "registrations" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "change_log_org_id_created_at_index" ON "change_log" USING btree ("org_id","created_at");--> statement-breakpoint
CREATE INDEX "change_log_entity_type_entity_id_created_at_index" ON "change_log" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "change_log_actor_user_id_index" ON "change_log" USING btree ("actor_user_id");--> statement-breakpoint
CREATE INDEX "notifications_user_id_read_at_created_at_index" ON "notifications" USING btree ("user_id","read_at","created_at");--> statement-breakpoint
CREATE INDEX "request_metrics_api_version_id_at_index" ON "request_metrics" USING btree ("api_version_id","at");--> statement-breakpoint
CREATE INDEX "request_metrics_client_version_id_at_index" ON "request_metrics" USING btree ("client_version_id","at");--> statement-breakpoint
CREATE INDEX "request_metrics_plan_version_id_at_index" ON "request_metrics" USING btree ("plan_version_id","at");