import { env } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '@/db';
import { createCallRecorder, type BufferedRecorderOptions } from './buffered-recorder';
import { GatewayMetrics, recordToAll } from './prometheus';
import { discardCalls, type CallRecorder } from './record';
import { scheduleMetricsRetention } from './retention';

/** What the metrics need to know of the gateway they serve. */
export interface ObservedGateway {
  health(): { status: 'ok' | 'stale'; loadedAt: string | null };
  /** `org/api/version` of a served API version, for the Prometheus `api` label. */
  apiName(apiVersionId: number): string | null;
}

export interface MetricsRuntime {
  /** Hand this to the gateway: every call goes to the buffered writer and to Prometheus. */
  recorder: CallRecorder;
  /** Answers `GET /gateway/_metrics` in the Prometheus text format. */
  serve(req: IncomingMessage, res: ServerResponse): void;
  /** Tells the metrics which gateway they describe (view age and staleness, API names). */
  observe(gateway: ObservedGateway): void;
  /** Stops the retention job and writes every buffered call; call before closing the database. */
  close(): Promise<void>;
}

/**
 * Metrics for one process that serves the gateway (`npm start`, `npm run gateway`): the buffered
 * recorder, the Prometheus registry and — unless `retention: false` — the hourly retention job.
 */
export function startMetrics(
  db: Db,
  options: { retention?: boolean; recording?: boolean; buffer?: BufferedRecorderOptions } = {},
): MetricsRuntime {
  // PORTICO_METRICS_RECORDING=0: the gateway records nothing (the bench's "recording off" row).
  const recording = options.recording ?? env('PORTICO_METRICS_RECORDING');
  let gateway: ObservedGateway | null = null;
  const buffered = createCallRecorder(db, options.buffer);
  const prometheus = new GatewayMetrics({
    apiLabel: (id) => gateway?.apiName(id) ?? String(id),
    dropped: () => buffered.dropped(),
    view: () => {
      const health = gateway?.health();
      return {
        loadedAt: health?.loadedAt ? Date.parse(health.loadedAt) : null,
        stale: health?.status === 'stale',
      };
    },
  });
  const stopRetention = options.retention === false ? () => {} : scheduleMetricsRetention(db);
  return {
    recorder: recording ? recordToAll(buffered, prometheus) : discardCalls,
    serve(_req, res) {
      prometheus.text().then(
        (body) => {
          res.writeHead(200, { 'content-type': prometheus.contentType, 'cache-control': 'no-store' });
          res.end(body);
        },
        (error: unknown) => {
          getLogger().error({ err: error }, 'metrics: the Prometheus text could not be made');
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end('metrics unavailable\n');
        },
      );
    },
    observe(observed) {
      gateway = observed;
    },
    async close() {
      stopRetention();
      await buffered.close();
    },
  };
}
