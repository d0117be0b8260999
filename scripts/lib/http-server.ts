import http from 'node:http';
import { isDatabaseDown, retryAfterSeconds } from '@/lib/server/database-status';
import { getLogger } from '@/lib/server/logger';
import { requestContextStore, requestIdFrom } from '@/lib/server/request-context';
import { unavailablePage } from '@/lib/server/unavailable-page';
import { answerWhole } from './held-answer';
import { answerOutageInsteadOfServerError } from './outage-response';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> | void;
/** Serves the request itself and says so, or leaves it to the app (the gateway's dispatch). */
export type FirstHandler = (req: http.IncomingMessage, res: http.ServerResponse) => boolean;

/**
 * Portico's HTTP server around a request handler (Next.js, after the gateway's dispatch): every
 * request gets an id (`X-Request-Id`) and one log line with status and duration; while the
 * database is out, pages answer the 503 page instead of Next's error page; a server action's
 * answer goes out whole. Until `serve` hands it the handler (build, Next start-up) it answers 503
 * so a load balancer waits.
 */
export function createPorticoServer() {
  let handler: Handler | null = null;
  let first: FirstHandler | null = null;
  const server = http.createServer((req, res) => {
    // Gateway calls are a hot path with their own records (metrics) and their own errors: no
    // request log line, no outage page, no Next.js.
    if (first?.(req, res)) return;
    const requestId = requestIdFrom(req.headers['x-request-id']);
    res.setHeader('X-Request-Id', requestId);
    logWhenDone(req, res, requestId);
    requestContextStore().run({ requestId }, () => {
      if (!handler) return sendUnavailable(res, 'Portico is starting.', 'text/plain; charset=utf-8');
      if (isPageRequest(req)) {
        if (isDatabaseDown()) return sendUnavailable(res, unavailablePage(), 'text/html; charset=utf-8');
        answerOutageInsteadOfServerError(res);
      } else if (isActionRequest(req)) answerWhole(res);
      Promise.resolve(handler(req, res)).catch((error: unknown) => {
        getLogger().error({ err: error }, 'request failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
    });
  });
  return {
    server,
    serve: (next: Handler) => void (handler = next),
    dispatchFirst: (handle: FirstHandler) => void (first = handle),
  };
}

function logWhenDone(req: http.IncomingMessage, res: http.ServerResponse, requestId: string) {
  const started = process.hrtime.bigint();
  res.once('close', () => {
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    // The path only: a query string may carry a key or a token.
    const path = (req.url ?? '/').split('?')[0];
    const line = { requestId, method: req.method, path, status: res.statusCode, durationMs: Math.round(durationMs) };
    const logger = getLogger();
    if (!res.writableFinished) logger.info({ ...line, aborted: true }, 'request aborted');
    // 503 is a deliberate answer (starting, database out), reported where it is decided.
    else if (res.statusCode >= 500 && res.statusCode !== 503) logger.warn(line, 'request');
    else logger.info(line, 'request');
  });
}

/** A person's page view: not an asset, API, gateway call or server action (those answer their own way). */
function isPageRequest(req: http.IncomingMessage): boolean {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  if (req.headers['next-action']) return false;
  const path = (req.url ?? '/').split('?')[0];
  return !/^\/(_next|api|gateway|demo)(\/|$)/.test(path) && !/\.\w+$/.test(path);
}

/** A server action's call (its result, and the page rendered afresh when it changed something). */
function isActionRequest(req: http.IncomingMessage): boolean {
  return req.method === 'POST' && Boolean(req.headers['next-action']);
}

function sendUnavailable(res: http.ServerResponse, body: string, contentType: string) {
  res.writeHead(503, {
    'Content-Type': contentType,
    'Retry-After': String(retryAfterSeconds),
    'Cache-Control': 'no-store',
  });
  res.end(body);
}

/** Listens, or rejects with the listen error (a busy port) instead of throwing it uncaught. */
export function listen(server: http.Server, port: number, hostname: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once('error', onError);
    server.listen(port, hostname, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
