import { getLogger } from '@/lib/server/logger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Transform, pipeline } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { GatewayResponse } from '@/lib/policies/contract';
import { setsPorticoCookie } from '@/lib/auth/cookies';
import { errorStatus, sandboxHeaders, sendGatewayError, type GatewayErrorCode } from './errors';
import { keepOnGateway, pointsAtBackend } from './redirects';
import { isHopByHop, type HeaderMap } from './request-head';
import type { Backend } from './view';

export interface ForwardRequest {
  method: string;
  /** Path rest after the API version's prefix, as sent (may be empty). */
  rest: string;
  /** `/gateway/{org}/{api}/{version}` as the caller wrote it: where the endpoint's places move to. */
  gatewayBase: string;
  /** The caller's query without `apikey` and without `?`. */
  query: string;
  headers: HeaderMap;
  hasBody: boolean;
  timeoutMs: number;
  /** Headers every answer of the call carries (set by request phases). */
  responseHeaders: Record<string, string>;
  /** Response phases: may change the backend's status and headers before they go out. */
  onResponseHead(response: GatewayResponse): void;
}

export interface ForwardResult {
  status: number;
  bytesIn: number;
  bytesOut: number;
  /** From dispatch to the backend's response head; null when no answer came. */
  backendMs: number | null;
  failure: GatewayErrorCode | null;
}

function failureOf(error: Error & { code?: string }): GatewayErrorCode {
  if (error.code === 'UND_ERR_HEADERS_TIMEOUT' || error.code === 'UND_ERR_BODY_TIMEOUT') return 'backend_timeout';
  return 'backend_unavailable';
}

function targetPath(backend: Backend, rest: string, query: string): string {
  const path = backend.basePath + rest || '/';
  const fullQuery = backend.baseQuery && query ? `${backend.baseQuery}&${query}` : backend.baseQuery || query;
  return fullQuery ? `${path}?${fullQuery}` : path;
}

/**
 * Streams one call to the backend and its answer back: undici's dispatch on a keep-alive pool,
 * the response body written chunk by chunk with back-pressure (the backend is paused while the
 * caller's socket is full), the request body piped with a byte counter. Nothing is buffered whole.
 * `done` is called once, when the answer is out or the call could not go on.
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  backend: Backend,
  call: ForwardRequest,
  done: (result: ForwardResult) => void,
): void {
  const handler = new BackendCall(res, backend, call, done);
  let body: Transform | null = null;
  if (call.hasBody) {
    body = new Transform({
      transform(chunk: Buffer, _encoding, next) {
        handler.result.bytesIn += chunk.length;
        next(null, chunk);
      },
      flush(next) {
        handler.bodyArrived();
        next();
      },
    });
    pipeline(req, body, () => {});
    // The body has the API's timeout to arrive: undici's timeouts wait while it is being sent, and a
    // body trickled a byte at a time would hold the call and a backend connection for Node's 300 s.
    handler.body = body;
    handler.bodyTimer = setTimeout(bodyTimedOut, call.timeoutMs, handler);
  }
  res.once('close', () => handler.onCallerClose());
  backend.pool.dispatch(
    {
      path: targetPath(backend, call.rest, call.query),
      method: call.method as Dispatcher.HttpMethod,
      headers: call.headers as Record<string, string | string[]>,
      body,
      headersTimeout: call.timeoutMs,
      bodyTimeout: call.timeoutMs,
    },
    handler,
  );
}

/** A backend's own `X-Content-Type-Options` gives way to the gateway's `nosniff`. */
const overridden = 'x-content-type-options';

/**
 * The answer's head as a flat name, value, name, value… list (`writeHead` takes it as it is): the
 * sandbox headers, the gateway's own headers unless the backend's answer has them too, then the
 * backend's without the hop-by-hop ones, those its `Connection` header lists and any `Set-Cookie`
 * for Portico's own cookies. A backend's Content-Security-Policy goes out beside the sandbox: a
 * browser enforces both. A list rather than one merged object: adding a header of any name to an
 * object cost this gateway more per call than the whole rest of its answer's head
 * (`npm run bench -- gateway`, policies row).
 */
function responseHead(own: Record<string, string>, backend: GatewayResponse['headers']): (string | string[])[] {
  const out: (string | string[])[] = [
    'content-security-policy',
    sandboxHeaders['content-security-policy'],
    'x-content-type-options',
    sandboxHeaders['x-content-type-options'],
  ];
  for (const name in own) if (backend[name] === undefined) out.push(name, own[name] ?? '');
  const listed = backend.connection;
  const connectionTokens =
    listed && listed !== 'keep-alive' && listed !== 'close'
      ? String(listed)
          .split(',')
          .map((token) => token.trim().toLowerCase())
      : null;
  for (const name in backend) {
    let value = backend[name];
    if (value === undefined || isHopByHop(name) || name === overridden || connectionTokens?.includes(name)) continue;
    if (name === 'set-cookie') {
      value = withoutPorticoSetCookies(value);
      if (value.length === 0) continue;
    }
    out.push(name, value);
  }
  return out;
}

function withoutPorticoSetCookies(value: string | string[]): string[] {
  return Array.isArray(value)
    ? value.filter((one) => !setsPorticoCookie(one))
    : setsPorticoCookie(value)
      ? []
      : [value];
}

const bodyTimeout = Object.assign(new Error("the request's body did not arrive within the API's timeout"), {
  code: 'PORTICO_BODY_TIMEOUT',
});

function bodyTimedOut(call: BackendCall): void {
  call.onBodyTimeout();
}

/** One call's undici handler: its methods on the prototype, so a call costs one object. */
class BackendCall implements Dispatcher.DispatchHandler {
  readonly result: ForwardResult = { status: 0, bytesIn: 0, bytesOut: 0, backendMs: null, failure: null };
  private readonly started = performance.now();
  private controller: Dispatcher.DispatchController | null = null;
  private settled = false;
  body: Transform | null = null;
  bodyTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly res: ServerResponse,
    private readonly backend: Backend,
    private readonly call: ForwardRequest,
    private readonly done: (result: ForwardResult) => void,
  ) {}

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.done(this.result);
  }

  bodyArrived(): void {
    if (this.bodyTimer) clearTimeout(this.bodyTimer);
    this.bodyTimer = null;
  }

  /**
   * The body's time is up: 408 when nothing was answered yet (and the caller's connection closed
   * after it, its body is not read any further), the caller's connection cut otherwise; destroying
   * the body aborts the backend call, or the queued call before it starts.
   */
  onBodyTimeout(): void {
    this.bodyTimer = null;
    if (!this.settled) {
      const res = this.res;
      if (res.headersSent) res.destroy();
      else {
        this.result.failure = 'request_timeout';
        this.result.status = errorStatus('request_timeout');
        this.result.bytesOut = sendGatewayError(res, 'request_timeout', {
          ...this.call.responseHeaders,
          connection: 'close',
        });
      }
      this.settle();
    }
    this.body?.destroy(bodyTimeout);
  }

  onCallerClose(): void {
    // The answer is out: a body still arriving keeps its timer, which cuts it.
    if (this.res.writableFinished) return;
    this.bodyArrived(); // the caller is gone: nothing more arrives, the timer has nothing to cut
    // The caller went away: stop the backend call, nobody reads its answer.
    this.controller?.abort(new Error('the caller closed the connection'));
    if (!this.result.status) this.result.status = 499;
    this.settle();
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    this.result.backendMs = performance.now() - this.started;
    // Before the response phases: policies see the answer's places as the caller will.
    if (pointsAtBackend(headers))
      keepOnGateway(headers, this.backend, this.backend.basePath + this.call.rest, this.call.gatewayBase);
    const response: GatewayResponse = { status: statusCode, headers };
    this.call.onResponseHead(response);
    const out = responseHead(this.call.responseHeaders, response.headers);
    this.result.status = response.status;
    try {
      this.res.writeHead(response.status, out);
    } catch (error) {
      // A header Node refuses to write (a policy's mistake): fail closed, never half-answer.
      getLogger().error({ err: error }, 'gateway: could not write the response head');
      controller.abort(error instanceof Error ? error : new Error(String(error)));
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.result.bytesOut += chunk.length;
    if (!this.res.write(chunk)) {
      controller.pause();
      this.res.once('drain', () => controller.resume());
    }
  }

  onResponseEnd(): void {
    this.res.end();
    this.settle();
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error & { code?: string }): void {
    if (this.settled) return;
    const res = this.res;
    if (res.headersSent || res.destroyed) {
      // Part of the answer is out: cutting the connection is the only honest signal left.
      res.destroy();
    } else {
      this.result.failure = failureOf(error);
      this.result.status = errorStatus(this.result.failure);
      this.result.bytesOut = sendGatewayError(res, this.result.failure, this.call.responseHeaders);
    }
    this.settle();
  }
}
