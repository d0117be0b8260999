import type { ActionResult } from '@/lib/commands/result';
import type { TryOperationResult } from '@/lib/gateway-bridge/test-request';

/** As much of an answer as the gateway's Try it shows: a page of a list, not just its start. */
const shownBytes = 16_384;

export interface TokenRequest {
  /** Where the API is served on this origin: `/api/v1`. */
  server: string;
  token: string;
  method: string;
  /** The operation's path with its parameters filled in: `/organizations/acme/clients`. */
  path: string;
  query: [string, string][];
  headers: [string, string][];
  contentType: string | null;
  body: string | null;
}

/**
 * Try it on the REST API page: the browser itself calls Portico's management API on this origin
 * with the reader's token in the `Authorization` header — the only place the token goes. The
 * session cookie is left out, so the answer is what a script holding that token gets.
 */
export async function sendWithToken(
  request: TokenRequest,
  origin = window.location.origin,
): Promise<ActionResult<TryOperationResult>> {
  if (!request.token) return { ok: false, message: 'Paste one of your access tokens above first.' };
  const url = new URL(request.server + request.path, origin);
  // The filled-in path must still lie below the API's server on this origin.
  if (url.origin !== origin || !url.pathname.startsWith(`${request.server}/`))
    return { ok: false, message: 'Enter path parameters without slashes or dots.' };
  for (const [name, value] of request.query) url.searchParams.append(name, value);
  const headers = new Headers(request.headers);
  headers.set('Authorization', `Bearer ${request.token}`);
  headers.set('Accept', 'application/json, application/problem+json');
  const sendsBody = request.body !== null && request.body !== '' && !['GET', 'HEAD'].includes(request.method);
  if (sendsBody) headers.set('Content-Type', request.contentType ?? 'application/json');
  const started = performance.now();
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers,
      body: sendsBody ? request.body : undefined,
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    return {
      ok: false,
      message: `The request could not be sent: ${error instanceof Error ? error.message : 'no answer'}.`,
    };
  }
  const { text, truncated } = await firstBytes(response);
  return {
    ok: true,
    data: {
      status: response.status,
      ms: Math.round(performance.now() - started),
      headers: [...response.headers.entries()],
      body: truncated ? text : readable(text),
      truncated,
    },
  };
}

async function firstBytes(response: Response): Promise<{ text: string; truncated: boolean }> {
  const reader = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
    if (size > shownBytes) {
      truncated = true;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return { text: new TextDecoder().decode(bytes.subarray(0, shownBytes)), truncated };
}

/** A whole JSON answer indented for reading; anything else as it came. */
function readable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
