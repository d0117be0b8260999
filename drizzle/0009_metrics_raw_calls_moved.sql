-- Calls recorded before this migration move into rows of up to 1,024 calls per API, client and plan
-- version and minute, field by field, as the gateway writes them (lib/metrics/raw-calls.ts).
INSERT INTO "request_call_batches" ("api_version_id", "client_version_id", "plan_version_id", "first_at", "last_at",
  "calls", "fields")
SELECT "api_version_id", "client_version_id", "plan_version_id", min("at"), max("at"), count(*)::int,
  json_build_object(
    'at', array_agg((extract(epoch from "at") * 1000)::bigint ORDER BY "at", "id"),
    'method', array_agg("method" ORDER BY "at", "id"),
    'path', array_agg("path" ORDER BY "at", "id"),
    'status', array_agg("status" ORDER BY "at", "id"),
    'gatewayMs', array_agg("gateway_ms" ORDER BY "at", "id"),
    'backendMs', array_agg("backend_ms" ORDER BY "at", "id"),
    'bytesIn', array_agg("bytes_in" ORDER BY "at", "id"),
    'bytesOut', array_agg("bytes_out" ORDER BY "at", "id"),
    'responseType', array_agg("response_type" ORDER BY "at", "id"),
    'failureCode', array_agg("failure_code" ORDER BY "at", "id"))
FROM (
  SELECT *, date_trunc('minute', "at") AS "minute", (row_number() OVER (PARTITION BY "api_version_id",
    "client_version_id", "plan_version_id", date_trunc('minute', "at") ORDER BY "at", "id") - 1) / 1024 AS "chunk"
  FROM "request_metrics"
) AS "numbered"
GROUP BY "api_version_id", "client_version_id", "plan_version_id", "minute", "chunk";--> statement-breakpoint
DROP TABLE "request_metrics" CASCADE;
