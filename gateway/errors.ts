import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The gateway's own refusals and failures: SPEC §5's table, in one place. Each is answered as JSON
 * `{ error, message }` with `X-Gateway-Error`; never an HTML page, never a stack trace.
 */
export const gatewayErrors = {
  api_not_found: { status: 404, message: 'No published API version answers at this address.' },
  api_retired: { status: 410, message: 'This API version has been retired and no longer answers calls.' },
  api_key_missing: {
    status: 401,
    message: 'This API needs an API key: send it in the X-API-Key header or the apikey query parameter.',
  },
  api_key_invalid: {
    status: 401,
    message: 'The API key is unknown or expired, or its client is not registered with the gateway.',
  },
  no_contract: { status: 403, message: 'The client of this API key has no active contract with this API version.' },
  backend_unavailable: { status: 502, message: "The API's backend refused the call or could not be reached." },
  backend_timeout: { status: 504, message: "The API's backend did not answer within the API's timeout." },
  invalid_path: {
    status: 400,
    message: "The path would leave the API's base or carries an encoded separator, backslash or NUL.",
  },
  request_timeout: { status: 408, message: "The request's body did not arrive within the API's timeout." },
  upgrade_not_supported: {
    status: 501,
    message: 'The gateway does not switch protocols (WebSocket, h2c); call the API over HTTP/1.1.',
  },
  not_found: { status: 404, message: 'The gateway serves nothing at this address.' },
  metrics_unauthorized: {
    status: 401,
    message: 'The gateway metrics need the metrics token: send it as Authorization: Bearer <token>.',
  },
  metrics_forbidden: {
    status: 403,
    message: 'The gateway metrics answer only callers on this machine unless PORTICO_METRICS_TOKEN is set.',
  },
  internal_error: { status: 500, message: 'The gateway could not handle this call.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type GatewayErrorCode = keyof typeof gatewayErrors;

/**
 * On every gateway answer, the gateway's values winning over a backend's: whatever a backend (or
 * a page reflecting a caller's input) answers, a browser that opens it runs no script and submits
 * no form as Portico's origin, and never reads JSON or text as HTML.
 */
export const sandboxHeaders = {
  'content-security-policy': 'sandbox',
  'x-content-type-options': 'nosniff',
} as const;

/** Bodies are serialised once: a refusal on the hot path only copies bytes. */
const bodies = new Map<string, Buffer>(
  Object.entries(gatewayErrors).map(([code, { message }]) => [
    code,
    Buffer.from(JSON.stringify({ error: code, message })),
  ]),
);

export function errorStatus(code: GatewayErrorCode): number {
  return gatewayErrors[code].status;
}

/** Answers a gateway error; `extra` carries headers every answer of the call has (e.g. rate limits). */
export function sendGatewayError(res: ServerResponse, code: GatewayErrorCode, extra?: Record<string, string>): number {
  const body = bodies.get(code) ?? Buffer.from('{}');
  sendJson(res, gatewayErrors[code].status, body, { ...extra, 'x-gateway-error': code });
  return body.length;
}

/** Writes a complete JSON answer unless the head already went out (then the connection is cut). */
export function sendJson(res: ServerResponse, status: number, body: Buffer, headers: Record<string, string>): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, {
    ...headers,
    ...sandboxHeaders,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(body.length),
    'cache-control': 'no-store',
  });
  res.end(body);
}

/** The whole 501 answer to an `Upgrade` request, as bytes: its socket is no HTTP response any more. */
const upgradeRefusal = (() => {
  const body = bodies.get('upgrade_not_supported') ?? Buffer.from('{}');
  const head =
    'HTTP/1.1 501 Not Implemented\r\n' +
    'content-type: application/json; charset=utf-8\r\n' +
    `content-length: ${body.length}\r\n` +
    'cache-control: no-store\r\n' +
    'x-gateway-error: upgrade_not_supported\r\n' +
    'connection: close\r\n\r\n';
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
})();

/**
 * Answers an `Upgrade` request 501 and closes its socket once the answer is written: no protocol
 * switch, and no socket left for the caller to hold open.
 */
export function refuseUpgrade(socket: Duplex): void {
  socket.on('error', () => {}); // a caller gone before the answer is no failure of ours
  if (socket.writable) socket.end(upgradeRefusal, () => socket.destroy());
  else socket.destroy();
}
