/**
 * The demo backend both demo APIs call (`/demo/echo`): answers any path, with or without a trailing
 * slash, with the method, path, query and headers it received, and the body's size, so a gateway
 * call can be checked end to end. One path redirects on purpose, to show a redirect followed
 * through the gateway: `/redirect?to=/orders` answers 302 to `/demo/echo/orders`. It runs
 * on Portico's own origin, so it never shows a credential (a session cookie a link's visitor
 * carries, an Authorization header) — only that one came — and it counts at most a megabyte of
 * body, never keeping any of it.
 */
export const echoBodyLimit = 1024 * 1024;

const hiddenHeaders = new Set(['cookie', 'authorization', 'proxy-authorization']);

const mount = '/demo/echo';
const redirectPaths = new Set([`${mount}/redirect`, `${mount}/redirect/`]);

export async function echoRequest(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (redirectPaths.has(url.pathname)) return redirectWithin(url);
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
    path: url.pathname.slice(mount.length) || '/',
    query: Object.fromEntries(url.searchParams),
    headers,
    bodyBytes,
  });
}

/**
 * 302 to `to` (default `/`) below the echo itself, as a path-absolute Location the way most
 * backends write one. A target that would leave the echo (`//host`, `/../login`) is refused: the
 * demo must not become an open redirect on Portico's own origin.
 */
function redirectWithin(url: URL): Response {
  const to = url.searchParams.get('to') ?? '/';
  const target =
    to.startsWith('/') && !to.startsWith('//') && !to.includes('\\') ? new URL(mount + to, url.origin) : null;
  if (
    !target ||
    target.origin !== url.origin ||
    !(target.pathname === mount || target.pathname.startsWith(`${mount}/`))
  )
    return Response.json(
      { error: 'bad_redirect', message: 'to must be a path below the echo, such as /orders.' },
      { status: 400 },
    );
  return new Response(null, { status: 302, headers: { location: target.pathname + target.search } });
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
