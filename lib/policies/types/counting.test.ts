import { describe, expect, it } from 'vitest';
import { MemoryCounterStore } from '@/lib/policies/counters';
import { chainOf, requestOf, runChain } from '@/test/policy-chain';
import { windowOf } from './counting';

const at = Date.UTC(2026, 10, 30, 10, 15, 30, 250);

describe('Rate Limiting', () => {
  it('lets the limit through with X-RateLimit-* on every answer, then answers 429 with Retry-After', async () => {
    const chain = chainOf([['RateLimiting', { limit: 3, period: 'minute', granularity: 'client' }]]);
    const remaining: string[] = [];
    for (let i = 0; i < 3; i++) {
      const answer = await runChain(chain, requestOf({ receivedAt: at + i }));
      expect(answer.status).toBe(200);
      expect(answer.headers['x-ratelimit-limit']).toBe('3');
      expect(answer.headers['x-ratelimit-reset']).toBe('30');
      remaining.push(String(answer.headers['x-ratelimit-remaining']));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await runChain(chain, requestOf({ receivedAt: at + 5 }));
    expect(refused.status).toBe(429);
    expect(refused.body).toEqual({
      error: 'rate_limit_exceeded',
      message: 'Rate limit exceeded: at most 3 requests per minute.',
    });
    expect(refused.headers).toMatchObject({
      'x-gateway-error': 'rate_limit_exceeded',
      'x-policy-failure-type': 'RateLimiting',
      'x-policy-failure-code': 'rate_limit_exceeded',
      'x-ratelimit-limit': '3',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '30',
      'retry-after': '30',
    });
    expect(refused.forwarded).toBeNull();
  });

  it('starts over in the next aligned window', async () => {
    const chain = chainOf([['RateLimiting', { limit: 1, period: 'second', granularity: 'client' }]]);
    expect((await runChain(chain, requestOf({ receivedAt: at }))).status).toBe(200);
    expect((await runChain(chain, requestOf({ receivedAt: at + 700 }))).status).toBe(429);
    expect((await runChain(chain, requestOf({ receivedAt: at + 750 }))).status).toBe(200);
  });

  it('counts per client, per API or per address as configured', async () => {
    const perClient = chainOf([['RateLimiting', { limit: 1, period: 'hour', granularity: 'client' }]]);
    expect((await runChain(perClient, requestOf({ clientVersionId: 1 }))).status).toBe(200);
    expect((await runChain(perClient, requestOf({ clientVersionId: 2 }))).status).toBe(200);
    expect((await runChain(perClient, requestOf({ clientVersionId: 1 }))).status).toBe(429);

    const perApi = chainOf([['RateLimiting', { limit: 1, period: 'day', granularity: 'api' }]]);
    expect((await runChain(perApi, requestOf({ clientVersionId: 1 }))).status).toBe(200);
    expect((await runChain(perApi, requestOf({ clientVersionId: 2 }))).status).toBe(429);

    const perIp = chainOf([['RateLimiting', { limit: 1, period: 'minute', granularity: 'ip' }]]);
    expect((await runChain(perIp, requestOf({ ip: '198.51.100.1' }))).status).toBe(200);
    expect((await runChain(perIp, requestOf({ ip: '198.51.100.2' }))).status).toBe(200);
    expect((await runChain(perIp, requestOf({ ip: '198.51.100.1' }))).status).toBe(429);
  });

  it('shows the policy closest to refusing when a chain holds several counters', async () => {
    const chain = chainOf([
      ['RateLimiting', { limit: 100, period: 'minute', granularity: 'client' }],
      ['Quota', { limit: 5, granularity: 'client' }],
    ]);
    const answer = await runChain(chain, requestOf({ receivedAt: at }));
    expect(answer.headers['x-ratelimit-limit']).toBe('5');
    expect(answer.headers['x-ratelimit-remaining']).toBe('4');
  });

  it('answers synchronously on in-memory counters', () => {
    const chain = chainOf([['RateLimiting', { limit: 5, period: 'minute', granularity: 'client' }]], {
      counters: new MemoryCounterStore(),
    });
    const outcome = chain.policies[0]?.request?.({ request: requestOf(), responseHeaders: {} });
    expect(outcome).toBeUndefined();
  });
});

describe('Quota', () => {
  it('counts a calendar month and refuses with 429 quota_exceeded past the limit', async () => {
    const chain = chainOf([['Quota', { limit: 2, granularity: 'client' }]]);
    const endOfMonth = Date.UTC(2026, 10, 30, 23, 59, 59);
    expect((await runChain(chain, requestOf({ receivedAt: Date.UTC(2026, 10, 1) }))).status).toBe(200);
    const second = await runChain(chain, requestOf({ receivedAt: endOfMonth }));
    expect(second.headers['x-ratelimit-remaining']).toBe('0');
    expect(second.headers['x-ratelimit-reset']).toBe('1');
    const refused = await runChain(chain, requestOf({ receivedAt: endOfMonth }));
    expect(refused.status).toBe(429);
    expect(refused.headers['x-policy-failure-code']).toBe('quota_exceeded');
    expect(refused.headers['x-policy-failure-type']).toBe('Quota');
    expect((await runChain(chain, requestOf({ receivedAt: Date.UTC(2026, 11, 1) }))).status).toBe(200);
  });

  it('aligns windows on UTC calendar months, including December', () => {
    expect(windowOf('month', Date.UTC(2026, 11, 31, 23))).toEqual({
      start: Date.UTC(2026, 11, 1),
      end: Date.UTC(2027, 0, 1),
    });
  });
});

describe('Transfer Quota', () => {
  it('counts downloaded bytes of finished calls and refuses the next call once the limit is used', async () => {
    const chain = chainOf([['TransferQuota', { limit: 1000, direction: 'download', period: 'day' }]]);
    expect((await runChain(chain, requestOf(), { bytesIn: 5000, bytesOut: 600 })).status).toBe(200);
    expect((await runChain(chain, requestOf(), { bytesOut: 600 })).status).toBe(200);
    const refused = await runChain(chain, requestOf());
    expect(refused.status).toBe(429);
    expect(refused.body?.error).toBe('transfer_quota_exceeded');
    expect(refused.headers['retry-after']).toBe(String((Date.UTC(2026, 11, 1) - requestOf().receivedAt) / 1000));
  });

  it('counts uploads, or both directions, as configured', async () => {
    const upload = chainOf([['TransferQuota', { limit: 100, direction: 'upload', period: 'month' }]]);
    await runChain(upload, requestOf(), { bytesIn: 60, bytesOut: 10_000 });
    expect((await runChain(upload, requestOf())).status).toBe(200);
    await runChain(upload, requestOf(), { bytesIn: 60 });
    expect((await runChain(upload, requestOf())).status).toBe(429);

    const both = chainOf([['TransferQuota', { limit: 100, direction: 'both', period: 'month' }]]);
    await runChain(both, requestOf(), { bytesIn: 50, bytesOut: 50 });
    expect((await runChain(both, requestOf())).status).toBe(429);
  });
});
