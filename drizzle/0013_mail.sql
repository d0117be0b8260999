CREATE TYPE "public"."mail_category" AS ENUM('approval_requests', 'contract_decisions', 'client_events', 'api_changes', 'account');--> statement-breakpoint
CREATE TYPE "public"."mail_delivery" AS ENUM('immediate', 'digest', 'off');--> statement-breakpoint
CREATE TABLE "mail_deliveries" (
	"event_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"category" "mail_category" NOT NULL,
	"delivery" "mail_delivery" NOT NULL,
	"subject" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	CONSTRAINT "mail_deliveries_event_id_user_id_pk" PRIMARY KEY("event_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "mail_preferences" (
	"user_id" integer NOT NULL,
	"category" "mail_category" NOT NULL,
	"delivery" "mail_delivery" NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mail_preferences_user_id_category_pk" PRIMARY KEY("user_id","category")
);
--> statement-breakpoint
CREATE TABLE "mail_queue" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mail_queue_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"sent_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "password_resets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "password_resets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "mail_deliveries" ADD CONSTRAINT "mail_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mail_preferences" ADD CONSTRAINT "mail_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "password_resets" ADD CONSTRAINT "password_resets_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mail_deliveries_digest_index" ON "mail_deliveries" USING btree ("user_id","created_at") WHERE "mail_deliveries"."sent_at" is null;--> statement-breakpoint
CREATE INDEX "mail_deliveries_user_id_index" ON "mail_deliveries" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "mail_deliveries_sent_at_index" ON "mail_deliveries" USING btree ("sent_at");--> statement-breakpoint
CREATE INDEX "mail_queue_due_index" ON "mail_queue" USING btree ("next_attempt_at") WHERE "mail_queue"."next_attempt_at" is not null;--> statement-breakpoint
CREATE INDEX "password_resets_user_id_index" ON "password_resets" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "password_resets_expires_at_index" ON "password_resets" USING btree ("expires_at");