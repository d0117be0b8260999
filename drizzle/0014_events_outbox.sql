CREATE TABLE "outbox_deliveries" (
	"event_id" uuid NOT NULL,
	"channel" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	"gave_up_at" timestamp with time zone,
	CONSTRAINT "outbox_deliveries_event_id_channel_pk" PRIMARY KEY("event_id","channel")
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"org_id" integer,
	"data" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"dedupe_key" text,
	"fanned_out_at" timestamp with time zone,
	CONSTRAINT "outbox_events_dedupeKey_unique" UNIQUE("dedupe_key")
);
--> statement-breakpoint
ALTER TABLE "outbox_deliveries" ADD CONSTRAINT "outbox_deliveries_event_id_outbox_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_deliveries_due_index" ON "outbox_deliveries" USING btree ("next_attempt_at") WHERE "outbox_deliveries"."delivered_at" is null and "outbox_deliveries"."gave_up_at" is null;--> statement-breakpoint
CREATE INDEX "outbox_events_new_index" ON "outbox_events" USING btree ("occurred_at") WHERE "outbox_events"."fanned_out_at" is null;