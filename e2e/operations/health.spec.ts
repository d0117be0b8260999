import { expect, test } from '@playwright/test';

test.describe('health endpoints', () => {
  test('answer a signed-out load balancer with JSON: alive, and ready with the database migrated', async ({
    request,
  }) => {
    const health = await request.get('/api/health', { maxRedirects: 0 });
    expect(health.status()).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect(health.headers()['x-request-id']).toMatch(/\S/);

    const ready = await request.get('/api/ready', { maxRedirects: 0 });
    expect(ready.status()).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', database: 'reachable', migrations: 'applied' });
  });

  test('keep a request id the caller sent', async ({ request }) => {
    const health = await request.get('/api/health', { headers: { 'X-Request-Id': 'lb-trace-42' } });
    expect(health.headers()['x-request-id']).toBe('lb-trace-42');
  });
});
