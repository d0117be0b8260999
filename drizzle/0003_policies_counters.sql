CREATE TABLE "policy_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"points" bigint NOT NULL,
	"expire" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "policy_counters_expire_index" ON "policy_counters" USING btree ("expire");