import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Transform, pipeline } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { GatewayResponse } from '@/lib/policies/runtime';
import { errorStatus, sendGatewayError, type GatewayErrorCode } from './errors';
import { isHopByHop, type HeaderMap } from './request-head';
import type { Backend } from './view';

export interface ForwardRequest {
  method: string;
  /** Path rest after the API version's prefix, as sent (may be empty). */
  rest: string;
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
 */
export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  backend: Backend,
  call: ForwardRequest,
): Promise<ForwardResult> {
  return new Promise((resolve) => {
    const started = performance.now();
    const result: ForwardResult = { status: 0, bytesIn: 0, bytesOut: 0, backendMs: null, failure: null };
    let settled = false;
    let controller: Dispatcher.DispatchController | null = null;
    const settle = () => {
      if (settled) return;
      settled = true;
      resolve(result);
    };

    let body: Transform | null = null;
    if (call.hasBody) {
      body = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          result.bytesIn += chunk.length;
          done(null, chunk);
        },
      });
      pipeline(req, body, () => {});
    }

    res.once('close', () => {
      if (res.writableFinished) return;
      // The caller went away: stop the backend call, nobody reads its answer.
      controller?.abort(new Error('the caller closed the connection'));
      if (!result.status) result.status = 499;
      settle();
    });

    backend.pool.dispatch(
      {
        path: targetPath(backend, call.rest, call.query),
        method: call.method as Dispatcher.HttpMethod,
        headers: call.headers as Record<string, string | string[]>,
        body,
        headersTimeout: call.timeoutMs,
        bodyTimeout: call.timeoutMs,
      },
      {
        onRequestStart(c) {
          controller = c;
        },
        onResponseStart(c, statusCode, headers) {
          result.backendMs = performance.now() - started;
          const response: GatewayResponse = { status: statusCode, headers: { ...headers } };
          call.onResponseHead(response);
          const out: OutgoingHttpHeaders = { ...call.responseHeaders };
          for (const name in response.headers) {
            const value = response.headers[name];
            if (value !== undefined && !isHopByHop(name)) out[name] = value;
          }
          const listed = response.headers.connection;
          if (listed) for (const token of String(listed).split(',')) delete out[token.trim().toLowerCase()];
          result.status = response.status;
          try {
            res.writeHead(response.status, out);
          } catch (error) {
            // A header Node refuses to write (a policy's mistake): fail closed, never half-answer.
            console.error('gateway: could not write the response head:', error);
            c.abort(error instanceof Error ? error : new Error(String(error)));
          }
        },
        onResponseData(c, chunk) {
          result.bytesOut += chunk.length;
          if (!res.write(chunk)) {
            c.pause();
            res.once('drain', () => c.resume());
          }
        },
        onResponseEnd() {
          res.end();
          settle();
        },
        onResponseError(_c, error: Error & { code?: string }) {
          if (settled) return;
          if (res.headersSent || res.destroyed) {
            // Part of the answer is out: cutting the connection is the only honest signal left.
            res.destroy();
          } else {
            result.failure = failureOf(error);
            result.status = errorStatus(result.failure);
            result.bytesOut = sendGatewayError(res, result.failure, call.responseHeaders);
          }
          settle();
        },
      },
    );
  });
}
