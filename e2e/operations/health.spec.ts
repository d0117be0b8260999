import { expect, test } from '@playwright/test';
import postgres from 'postgres';
import { operationsSettings } from './settings';

/** Whether the server's autovacuum is off: Portico then maintains the database itself. */
async function autovacuumOff(): Promise<boolean> {
  const sql = postgres(operationsSettings().serverUrl, { onnotice: () => {}, max: 1 });
  try {
    const [row] = await sql<{ autovacuum: string }[]>`show autovacuum`;
    return row?.autovacuum !== 'on';
  } finally {
    await sql.end();
  }
}

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
    const { lastMaintenance, ...checks } = (await ready.json()) as Record<string, unknown>;
    expect(checks).toEqual({ status: 'ready', database: 'reachable', migrations: 'applied' });
    // What Portico's own maintenance last did, where it runs it: not where autovacuum does the work.
    expect(lastMaintenance !== undefined).toBe(await autovacuumOff());
  });

  test('keep a request id the caller sent', async ({ request }) => {
    const health = await request.get('/api/health', { headers: { 'X-Request-Id': 'lb-trace-42' } });
    expect(health.headers()['x-request-id']).toBe('lb-trace-42');
  });
});
