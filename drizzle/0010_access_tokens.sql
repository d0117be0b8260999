CREATE TYPE "public"."user_kind" AS ENUM('person', 'service');--> statement-breakpoint
ALTER TYPE "public"."change_action" ADD VALUE 'token_created';--> statement-breakpoint
ALTER TYPE "public"."change_action" ADD VALUE 'token_revoked';--> statement-breakpoint
ALTER TYPE "public"."entity_type" ADD VALUE 'service_account';--> statement-breakpoint
ALTER TYPE "public"."entity_type" ADD VALUE 'access_token';--> statement-breakpoint
CREATE TABLE "access_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"created_by_user_id" integer,
	"name" text NOT NULL,
	"secret_hmac" text NOT NULL,
	"scopes" text[] NOT NULL,
	"org_ids" integer[],
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone,
	"last_used_from" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_accounts" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"org_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "kind" "user_kind" DEFAULT 'person' NOT NULL;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "access_tokens" ADD CONSTRAINT "access_tokens_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_accounts" ADD CONSTRAINT "service_accounts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "service_accounts" ADD CONSTRAINT "service_accounts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "access_tokens_user_id_index" ON "access_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "access_tokens_created_by_user_id_index" ON "access_tokens" USING btree ("created_by_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "access_tokens_live_name_unique" ON "access_tokens" USING btree ("user_id","name") WHERE "access_tokens"."revoked_at" is null;--> statement-breakpoint
CREATE INDEX "service_accounts_org_id_index" ON "service_accounts" USING btree ("org_id");