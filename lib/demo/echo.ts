/**
 * The demo backend both demo APIs call (`/demo/echo`): answers with the method, path, query and
 * headers it received, and the body's size, so a gateway call can be checked end to end. It runs
 * on Portico's own origin, so it never shows a credential (a session cookie a link's visitor
 * carries, an Authorization header) — only that one came — and it counts at most a megabyte of
 * body, never keeping any of it.
 */
export const echoBodyLimit = 1024 * 1024;

const hiddenHeaders = new Set(['cookie', 'authorization', 'proxy-authorization']);

export async function echoRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const declared = Number(request.headers.get('content-length') ?? 0);
  const bodyBytes = declared > echoBodyLimit ? null : await countBody(request.body);
  if (bodyBytes === null) {
    await request.body?.cancel().catch(() => {});
    return Response.json(
      { error: 'body_too_large', message: `The demo echo reads at most ${echoBodyLimit / 1024 / 1024} MB of body.` },
      { status: 413 },
    );
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of request.headers) headers[name] = hiddenHeaders.has(name) ? '(hidden)' : value;
  return Response.json({
    method: request.method,
    path: url.pathname.replace(/^\/demo\/echo/, '') || '/',
    query: Object.fromEntries(url.searchParams),
    headers,
    bodyBytes,
  });
}

/** The body's size, or null past the limit (then reading stops). */
async function countBody(body: ReadableStream<Uint8Array> | null): Promise<number | null> {
  if (!body) return 0;
  const reader = body.getReader();
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return total;
    total += value.byteLength;
    if (total > echoBodyLimit) {
      await reader.cancel();
      return null;
    }
  }
}
