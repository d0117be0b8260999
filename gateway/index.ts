import { env } from '@/lib/env';
import { getLogger } from '@/lib/server/logger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@/db';
import { registerGatewayStatus } from '@/lib/gateway-bridge/status';
import { discardCalls, type CallRecorder } from '@/lib/metrics/record';
import { counterStoreFor, createCounterStore } from '@/lib/policies/counter-stores';
import type { CounterStore } from '@/lib/policies/contract';
import { compileChain } from '@/lib/policies/runtime';
import { processJwtKeys, type IssuerHealth, type JwtKeyCache } from '@/lib/policies/jwt-keys';
import { BackendPools } from './backends';
import { ClientIpResolver } from '@/lib/net/client-ip';
import { sandboxHeaders, sendGatewayError, sendJson } from './errors';
import { serveCall } from './handler';
import { metricsAccess } from './metrics-access';
import type { ChainCompiler } from './loader';
import { ViewSync } from './sync';
import { routeKey } from './view';

export interface GatewayOptions {
  database: Database;
  /** Where finished calls go (metrics); by default nowhere. */
  recorder?: CallRecorder;
  /** PORTICO_TRUSTED_PROXIES: addresses and CIDR ranges whose `X-Forwarded-For` is believed. */
  trustedProxies?: string;
  /** Answers `GET /gateway/_metrics`; without one that path is a 404 like any unknown one. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Bearer token `_metrics` asks for; PORTICO_METRICS_TOKEN by default. Without one, loopback only. */
  metricsToken?: string;
  /** Compiles policy chains; `compileChain` of lib/policies by default (tests may pass their own). */
  compile?: ChainCompiler;
  /**
   * Where Rate Limiting, Quota and Transfer Quota count; by default chosen from the environment
   * (`counterStoreFor`: Redis with REDIS_URL, else the database on PostgreSQL, else memory).
   */
  counters?: CounterStore;
  /** The JWT policy's key cache; the process's (`processJwtKeys`) by default. */
  jwtKeys?: JwtKeyCache;
  fullReloadMs?: number;
  probeMs?: number;
  queryTimeoutMs?: number;
}

export interface GatewayHealth {
  status: 'ok' | 'stale';
  loadedAt: string | null;
  lastEventAt: string | null;
  apis: number;
  keys: number;
  droppedRecords: number;
  /** JWT policies' issuers and their keys: a `stale` or `unavailable` one is a warning. */
  jwtIssuers: IssuerHealth[];
}

export interface Gateway {
  /** Serves the request when it is a gateway call (`/gateway/...`) and says whether it did. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  health(): GatewayHealth;
  /** `org/api/version` of a served API version, or null (metrics label APIs by it). */
  apiName(apiVersionId: number): string | null;
  /** Whether a call to this API version would reach its backend (key and contract aside). */
  routeState(ref: { org: string; api: string; version: string }): 'served' | 'retired' | 'not_served';
  /** The JWT key cache this gateway verifies tokens with (warnings and *Refresh keys*). */
  jwtKeys: JwtKeyCache;
  close(): Promise<void>;
}

/** `/gateway` and everything under it: the gateway's, wherever it listens. */
export function isGatewayPath(url: string): boolean {
  return url.startsWith('/gateway/') || url === '/gateway' || url.startsWith('/gateway?');
}

function failedUnexpectedly(res: ServerResponse, error: unknown): void {
  getLogger().error({ err: error }, 'gateway: a call failed unexpectedly');
  if (res.headersSent) res.destroy();
  else sendGatewayError(res, 'internal_error');
}

/** Loads the view, starts following change events, and returns the request handler. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pools = new BackendPools();
  const counters = options.counters ?? createCounterStore(counterStoreFor(options.database));
  const compileWith = options.compile ?? compileChain;
  const jwtKeys = options.jwtKeys ?? processJwtKeys();
  const sync = new ViewSync({
    database: options.database,
    pools,
    compile: (policies, context) => compileWith(policies, { ...context, counters, jwtKeys }),
    fullReloadMs: options.fullReloadMs,
    probeMs: options.probeMs,
    queryTimeoutMs: options.queryTimeoutMs,
  });
  await sync.start();
  const recorder = options.recorder ?? discardCalls;
  const deps = { sync, recorder, ips: new ClientIpResolver(options.trustedProxies) };
  const metricsToken = options.metricsToken ?? env('PORTICO_METRICS_TOKEN');

  const health = (): GatewayHealth => ({
    status: sync.stale ? 'stale' : 'ok',
    loadedAt: sync.loadedAt?.toISOString() ?? null,
    lastEventAt: sync.lastEventAt?.toISOString() ?? null,
    apis: sync.view.countServedApis(),
    keys: sync.view.countLiveKeys(Date.now()),
    droppedRecords: recorder.dropped?.() ?? 0,
    jwtIssuers: jwtKeys.health(),
  });

  const serveMetrics = (req: IncomingMessage, res: ServerResponse) => {
    if (!options.metrics) return sendGatewayError(res, 'not_found');
    const access = metricsAccess(req.headers.authorization, req.socket.remoteAddress, metricsToken);
    if (access === 'token_required')
      return sendGatewayError(res, 'metrics_unauthorized', { 'www-authenticate': 'Bearer' });
    if (access === 'loopback_only') return sendGatewayError(res, 'metrics_forbidden');
    for (const [name, value] of Object.entries(sandboxHeaders)) res.setHeader(name, value);
    options.metrics(req, res);
  };

  return {
    handle(req, res) {
      const url = req.url ?? '/';
      if (!isGatewayPath(url)) return false;
      const path = url.split('?', 1)[0];
      if (path === '/gateway/_health') {
        sendJson(res, 200, Buffer.from(JSON.stringify(health())), {});
      } else if (path === '/gateway/_metrics') {
        serveMetrics(req, res);
      } else {
        try {
          serveCall(req, res, url, deps)?.catch((error: unknown) => failedUnexpectedly(res, error));
        } catch (error) {
          failedUnexpectedly(res, error);
        }
      }
      return true;
    },
    health,
    jwtKeys,
    apiName: (apiVersionId) => sync.view.routeNameOf(apiVersionId) ?? null,
    routeState(ref) {
      const route = sync.view.routes.get(routeKey(ref.org, ref.api, ref.version));
      if (!route) return 'not_served';
      return route.retired ? 'retired' : route.backend ? 'served' : 'not_served';
    },
    async close() {
      await sync.close();
      await pools.close();
      if (!options.counters) await counters.close();
    },
  };
}

/**
 * The gateway inside the `npm start` process: same port, dispatched before Next.js, on the
 * process's database (PGlite's NOTIFYs reach it in-process).
 */
export async function startEmbeddedGateway(database: Database, options: Omit<GatewayOptions, 'database'> = {}) {
  const gateway = await startGateway({ trustedProxies: env('PORTICO_TRUSTED_PROXIES'), ...options, database });
  // The console's API page asks it what is served rather than promising from the database.
  registerGatewayStatus({
    routeState: (ref) => gateway.routeState(ref),
    stale: () => gateway.health().status === 'stale',
    jwtWarnings: (apiVersionId) => gateway.jwtKeys.warnings(apiVersionId),
    refreshJwtKeys: (apiVersionId) => gateway.jwtKeys.refreshFor(apiVersionId),
  });
  return gateway;
}
