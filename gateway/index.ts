import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Database } from '@/db';
import { discardCalls, type CallRecorder } from '@/lib/metrics/record';
import { BackendPools } from './backends';
import { ClientIpResolver } from './client-ip';
import { sendGatewayError, sendJson } from './errors';
import { serveCall } from './handler';
import type { ChainCompiler } from './loader';
import { ViewSync } from './sync';

export interface GatewayOptions {
  database: Database;
  /** Where finished calls go (metrics); by default nowhere. */
  recorder?: CallRecorder;
  /** PORTICO_TRUSTED_PROXIES: addresses and CIDR ranges whose `X-Forwarded-For` is believed. */
  trustedProxies?: string;
  /** Answers `GET /gateway/_metrics`; without one that path is a 404 like any unknown one. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => void;
  /** Compiles policy chains; `compileChain` of lib/policies by default (tests may pass their own). */
  compile?: ChainCompiler;
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
}

export interface Gateway {
  /** Serves the request when it is a gateway call (`/gateway/...`) and says whether it did. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  health(): GatewayHealth;
  close(): Promise<void>;
}

/** Loads the view, starts following change events, and returns the request handler. */
export async function startGateway(options: GatewayOptions): Promise<Gateway> {
  const pools = new BackendPools();
  const sync = new ViewSync({
    database: options.database,
    pools,
    compile: options.compile,
    fullReloadMs: options.fullReloadMs,
    probeMs: options.probeMs,
    queryTimeoutMs: options.queryTimeoutMs,
  });
  await sync.start();
  const recorder = options.recorder ?? discardCalls;
  const deps = { sync, recorder, ips: new ClientIpResolver(options.trustedProxies) };

  const health = (): GatewayHealth => ({
    status: sync.stale ? 'stale' : 'ok',
    loadedAt: sync.loadedAt?.toISOString() ?? null,
    lastEventAt: sync.lastEventAt?.toISOString() ?? null,
    apis: sync.view.countServedApis(),
    keys: sync.view.countLiveKeys(Date.now()),
    droppedRecords: recorder.dropped?.() ?? 0,
  });

  return {
    handle(req, res) {
      const url = req.url ?? '/';
      if (!url.startsWith('/gateway/') && url !== '/gateway') return false;
      const path = url.split('?', 1)[0];
      if (path === '/gateway/_health') {
        sendJson(res, 200, Buffer.from(JSON.stringify(health())), {});
      } else if (path === '/gateway/_metrics') {
        if (options.metrics) options.metrics(req, res);
        else sendGatewayError(res, 'not_found');
      } else {
        serveCall(req, res, url, deps).catch((error: unknown) => {
          console.error('gateway: a call failed unexpectedly:', error);
          sendGatewayError(res, 'internal_error');
        });
      }
      return true;
    },
    health,
    async close() {
      await sync.close();
      await pools.close();
    },
  };
}

/**
 * The gateway inside the `npm start` process: same port, dispatched before Next.js, on the
 * process's database (PGlite's NOTIFYs reach it in-process).
 */
export function startEmbeddedGateway(database: Database, options: Omit<GatewayOptions, 'database'> = {}) {
  return startGateway({ trustedProxies: process.env.PORTICO_TRUSTED_PROXIES, ...options, database });
}
