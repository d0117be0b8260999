import { describe, expect, it } from 'vitest';
import { echoRequest } from './echo';

const at = (path: string) => new Request(`http://127.0.0.1:3000${path}`);

describe('the demo echo', () => {
  it('answers a path with a trailing slash as asked, without redirecting', async () => {
    const answer = await echoRequest(at('/demo/echo/orders/'));
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ method: 'GET', path: '/orders/' });
  });

  it('redirects on purpose from /redirect to a place below itself', async () => {
    const answer = await echoRequest(at('/demo/echo/redirect?to=/orders%3Fpage%3D2'));
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toBe('/demo/echo/orders?page=2');
    expect((await echoRequest(at('/demo/echo/redirect/'))).headers.get('location')).toBe('/demo/echo/');
  });

  it.each(['//evil.example/x', '/../login', '/%2e%2e/login', 'https://evil.example/', '\\\\evil.example'])(
    'refuses to redirect outside itself: %s',
    async (to) => {
      const answer = await echoRequest(at(`/demo/echo/redirect?to=${encodeURIComponent(to)}`));
      expect(answer.status).toBe(400);
      expect(answer.headers.get('location')).toBeNull();
    },
  );
});
