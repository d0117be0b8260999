import type { NextRequest } from 'next/server';

/**
 * The demo backend both demo APIs call: answers with the method, path, query and headers it
 * received, and the body's size, so a gateway call can be checked end to end.
 */
async function echo(request: NextRequest) {
  const url = request.nextUrl;
  const body = request.body ? await request.arrayBuffer() : new ArrayBuffer(0);
  return Response.json({
    method: request.method,
    path: url.pathname.replace(/^\/demo\/echo/, '') || '/',
    query: Object.fromEntries(url.searchParams),
    headers: Object.fromEntries(request.headers),
    bodyBytes: body.byteLength,
  });
}

export { echo as GET, echo as POST, echo as PUT, echo as PATCH, echo as DELETE, echo as OPTIONS };
