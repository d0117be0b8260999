CREATE TABLE "request_call_batches" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "request_call_batches_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"api_version_id" integer,
	"client_version_id" integer,
	"plan_version_id" integer,
	"first_at" timestamp with time zone NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"calls" integer NOT NULL,
	"fields" json NOT NULL
);
--> statement-breakpoint
CREATE INDEX "request_call_batches_api_version_id_last_at_index" ON "request_call_batches" USING btree ("api_version_id","last_at");--> statement-breakpoint
CREATE INDEX "request_call_batches_client_version_id_last_at_index" ON "request_call_batches" USING btree ("client_version_id","last_at");--> statement-breakpoint
CREATE INDEX "request_call_batches_plan_version_id_last_at_index" ON "request_call_batches" USING btree ("plan_version_id","last_at");--> statement-breakpoint
CREATE INDEX "request_call_batches_last_at_index" ON "request_call_batches" USING btree ("last_at");