import { unstable_doesMiddlewareMatch as runsFor } from 'next/experimental/testing/server';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import proxy, { config } from '@/proxy';

/** proxy.ts (Next's middleware) leaves the management API to itself: no session, no /login, no page CSP. */
describe('the proxy in front of /api/v1', () => {
  it.each(['/api/v1/organizations', '/api/v1/organizations/', '/api/v1/nothing/%ff'])(
    'lets %s through without a session',
    async (path) => {
      const response = await proxy(new NextRequest(`http://portico.test${path}`));
      expect(response.headers.get('x-middleware-next')).toBe('1');
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-security-policy')).toBeNull();
    },
  );

  it('still sends a signed-out visitor of a page to /login', async () => {
    const response = await proxy(new NextRequest('http://portico.test/console'));
    expect(response.headers.get('location')).toMatch(/\/login\?callbackUrl=/);
  });
});

describe('the paths the proxy runs for', () => {
  it.each([
    '/api/v1',
    '/api/v1/organizations',
    '/api/health',
    '/api/ready',
    '/gateway/acme/echo/1.0/x',
    '/_next/static/a.js',
  ])('skips %s, which has no session nor page to guard', (path) => expect(runsFor({ config, url: path })).toBe(false));

  it.each([
    '/console',
    '/console/x/1.js',
    '/portal',
    '/login',
    '/api/auth/session',
    '/api/v1x',
    '/api/healthz',
    '/api/ready/x',
  ])('runs for %s', (path) => expect(runsFor({ config, url: path })).toBe(true));
});
