import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { latencyBoundsMs } from './histogram';
import type { CallRecord, CallRecorder } from './record';

export interface GatewayMetricsOptions {
  /** How an API version is named in the `api` label (e.g. `org/api/1.0`); defaults to its id. */
  apiLabel?: (apiVersionId: number) => string;
  /** Calls the metrics recorder dropped since start (BufferedRecorder.dropped). */
  dropped?: () => number;
  /** When the gateway's view was last loaded (ms since the epoch; null: never), and whether it is stale. */
  view?: () => { loadedAt: number | null; stale: boolean };
}

const statusClasses = ['1xx', '2xx', '3xx', '4xx', '5xx'] as const;
const upstreamCodes = ['backend_unavailable', 'backend_timeout'] as const;

interface ApiChildren {
  requests: Counter.Internal[];
  latency: Histogram.Internal<'api' | 'status_class'>[];
  upstream: Counter.Internal[];
}

/**
 * The gateway's Prometheus metrics (`GET /gateway/_metrics`). It is a CallRecorder: the gateway
 * hands it each finished call next to the buffered recorder. Label children are bound once per API
 * version and kept, so a call costs a map look-up, an increment and a histogram observation.
 */
export class GatewayMetrics implements CallRecorder {
  readonly registry = new Registry();
  private readonly perApi = new Map<number | null, ApiChildren>();
  private readonly requests: Counter<'api' | 'status_class'>;
  private readonly latency: Histogram<'api' | 'status_class'>;
  private readonly upstream: Counter<'api' | 'code'>;
  private readonly apiLabel: (apiVersionId: number) => string;

  constructor(options: GatewayMetricsOptions = {}) {
    this.apiLabel = options.apiLabel ?? String;
    const registers = [this.registry];
    this.requests = new Counter({
      name: 'portico_gateway_requests_total',
      help: 'Gateway calls by API version and response status class.',
      labelNames: ['api', 'status_class'],
      registers,
    });
    this.latency = new Histogram({
      name: 'portico_gateway_request_duration_seconds',
      help: 'Time a call spent at the gateway, backend included, by API version and status class.',
      labelNames: ['api', 'status_class'],
      buckets: latencyBoundsMs.map((ms) => ms / 1000),
      registers,
    });
    this.upstream = new Counter({
      name: 'portico_gateway_upstream_errors_total',
      help: 'Calls whose backend was unreachable or too slow, by API version and error code.',
      labelNames: ['api', 'code'],
      registers,
    });
    const dropped = options.dropped;
    let reported = 0;
    new Counter({
      name: 'portico_gateway_metric_records_dropped_total',
      help: 'Call records the metrics buffer dropped because it was full.',
      registers,
      collect() {
        const now = dropped?.() ?? 0;
        if (now > reported) this.inc(now - reported);
        reported = Math.max(reported, now);
      },
    });
    const view = options.view;
    new Gauge({
      name: 'portico_gateway_view_age_seconds',
      help: 'Seconds since the gateway last loaded its view of APIs and keys (-1: never loaded).',
      registers,
      collect() {
        const loadedAt = view?.().loadedAt ?? null;
        this.set(loadedAt === null ? -1 : (Date.now() - loadedAt) / 1000);
      },
    });
    new Gauge({
      name: 'portico_gateway_view_stale',
      help: '1 while the gateway serves a view it could not refresh (database unreachable), else 0.',
      registers,
      collect() {
        this.set(view?.().stale ? 1 : 0);
      },
    });
  }

  record(call: CallRecord): void {
    const children = this.perApi.get(call.apiVersionId) ?? this.bind(call.apiVersionId);
    const index = Math.min(Math.max(Math.floor(call.status / 100) - 1, 0), statusClasses.length - 1);
    children.requests[index]?.inc();
    children.latency[index]?.observe(call.gatewayMs / 1000);
    if (call.failureCode === 'backend_unavailable') children.upstream[0]?.inc();
    else if (call.failureCode === 'backend_timeout') children.upstream[1]?.inc();
  }

  /** The Prometheus text exposition of every metric. */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private bind(apiVersionId: number | null): ApiChildren {
    const api = apiVersionId === null ? 'none' : this.apiLabel(apiVersionId);
    const children: ApiChildren = {
      requests: statusClasses.map((status_class) => this.requests.labels({ api, status_class })),
      latency: statusClasses.map((status_class) => this.latency.labels({ api, status_class })),
      upstream: upstreamCodes.map((code) => this.upstream.labels({ api, code })),
    };
    this.perApi.set(apiVersionId, children);
    return children;
  }
}

/** Hands every call to each recorder in turn (e.g. the buffered recorder and the Prometheus metrics). */
export function recordToAll(...recorders: CallRecorder[]): CallRecorder {
  return {
    record(call) {
      for (const recorder of recorders) recorder.record(call);
    },
    dropped: () => recorders.reduce((sum, recorder) => sum + (recorder.dropped?.() ?? 0), 0),
  };
}
