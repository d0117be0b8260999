import { NextResponse, type NextRequest } from 'next/server';
import { isSoundSegment } from '@/lib/commands/input';
import { newNonce, pagePolicy } from './content-security-policy';

/**
 * What proxy.ts adds to every page response: a fresh CSP nonce, handed to Next.js through the
 * request's headers and sent in the response's policy. The headers that never vary (frame, referrer,
 * sniffing, permissions) come from next.config.js for every response, static files included.
 */
export interface PageSecurity {
  /** NextResponse.next() carrying the nonce to the page. */
  next(): NextResponse;
  /** A rewrite to another page, carrying the nonce the same way. */
  rewrite(url: URL): NextResponse;
  /** Puts the policy on whatever response the proxy returns (page, redirect, 404). */
  finish(response: NextResponse): NextResponse;
}

export function pageSecurity(request: NextRequest): PageSecurity {
  const policy = pagePolicy(newNonce());
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('content-security-policy', policy);
  return {
    next: () => NextResponse.next({ request: { headers: requestHeaders } }),
    rewrite: (url) => NextResponse.rewrite(url, { request: { headers: requestHeaders } }),
    finish(response) {
      response.headers.set('content-security-policy', policy);
      return response;
    },
  };
}

/**
 * A path whose percent-encoding does not decode (a stray "%", a cut UTF-8 sequence), or which
 * decodes to NUL or control characters, names no page: answered 404 here rather than failing
 * deeper down with a server error.
 */
export function isSoundPath(pathname: string): boolean {
  try {
    return pathname.split('/').every((segment) => isSoundSegment(decodeURIComponent(segment)));
  } catch {
    return false;
  }
}

/** No page lives here (App Router folders starting with "_" are private): the app's 404 answers it. */
export const notFoundPath = '/_portico/not-found';
