import { describe, expect, it } from 'vitest';
import { hashPassword } from '@/lib/auth/password';
import { chainOf, requestOf, runChain } from '@/test/policy-chain';

describe('IP Allowlist and IP Blocklist', () => {
  const allow = chainOf([
    ['IPAllowlist', { addresses: ['10.0.0.0/8', '2001:db8::/32', '192.0.2.7'], responseCode: 403 }],
  ]);

  it.each(['10.1.2.3', '::ffff:10.1.2.3', '2001:db8::1', '192.0.2.7'])('lets %s through an allowlist', async (ip) => {
    expect((await runChain(allow, requestOf({ ip }))).status).toBe(200);
  });

  it.each(['11.0.0.1', '2001:db9::1', '192.0.2.8', 'not-an-ip'])('refuses %s with the configured 403', async (ip) => {
    const answer = await runChain(allow, requestOf({ ip }));
    expect(answer.status).toBe(403);
    expect(answer.headers).toMatchObject({
      'x-gateway-error': 'ip_not_allowed',
      'x-policy-failure-type': 'IPAllowlist',
      'x-policy-failure-code': 'ip_not_allowed',
    });
  });

  it('answers each caller right however many distinct callers came before (answers are remembered, boundedly)', async () => {
    // 10,000 distinct callers, more than are remembered, then the first ones again.
    for (const count of [5_000, 50])
      for (let i = 0; i < count; i++) {
        const inside = `10.${i >> 8}.${i & 255}.1`;
        const outside = `11.${i >> 8}.${i & 255}.1`;
        expect((await runChain(allow, requestOf({ ip: inside }))).status).toBe(200);
        expect((await runChain(allow, requestOf({ ip: outside }))).status).toBe(403);
      }
  });

  it('answers a blocked address with the configured status, and the blocklist wins over an allowlist', async () => {
    const chain = chainOf([
      ['IPAllowlist', { addresses: '10.0.0.0/8', responseCode: '403' }],
      ['IPBlocklist', { addresses: '10.6.6.0/24\n::1', responseCode: '404' }],
    ]);
    expect((await runChain(chain, requestOf({ ip: '10.6.5.1' }))).status).toBe(200);
    const blocked = await runChain(chain, requestOf({ ip: '10.6.6.6' }));
    expect(blocked.status).toBe(404);
    expect(blocked.body?.error).toBe('ip_blocked');
    expect(blocked.headers['x-policy-failure-type']).toBe('IPBlocklist');
    const server = chainOf([['IPBlocklist', { addresses: ['0.0.0.0/0', '::/0'], responseCode: 500 }]]);
    expect((await runChain(server, requestOf({ ip: '2001:db8::5' }))).status).toBe(500);
  });
});

describe('Time Restricted Access', () => {
  const chain = chainOf([['TimeRestrictedAccess', { windows: 'Mon-Fri 08:00-18:00\nFri 22:00-02:00' }]]);
  // 2026-11-30 is a Monday.
  const monday = (h: number, m = 0) => Date.UTC(2026, 10, 30, h, m);

  it('lets calls inside a UTC window through', async () => {
    expect((await runChain(chain, requestOf({ receivedAt: monday(8) }))).status).toBe(200);
    expect((await runChain(chain, requestOf({ receivedAt: monday(17, 59) }))).status).toBe(200);
  });

  it('runs a window past midnight into the next day', async () => {
    const saturday1am = monday(1) + 5 * 86_400_000;
    expect((await runChain(chain, requestOf({ receivedAt: saturday1am }))).status).toBe(200);
    expect((await runChain(chain, requestOf({ receivedAt: saturday1am + 3_600_000 }))).status).toBe(403);
  });

  it('refuses outside every window with 403 time_restricted', async () => {
    const answer = await runChain(chain, requestOf({ receivedAt: monday(18) }));
    expect(answer.status).toBe(403);
    expect(answer.headers['x-policy-failure-code']).toBe('time_restricted');
    expect(answer.headers['x-policy-failure-type']).toBe('TimeRestrictedAccess');
    expect((await runChain(chain, requestOf({ receivedAt: monday(9) + 6 * 86_400_000 }))).status).toBe(403);
  });

  it('still runs a configuration stored with a single window', async () => {
    const old = chainOf([['TimeRestrictedAccess', { from: '08:00', to: '18:00', days: ['Mon'] }]]);
    expect((await runChain(old, requestOf({ receivedAt: monday(9) }))).status).toBe(200);
    expect((await runChain(old, requestOf({ receivedAt: monday(9) + 86_400_000 }))).status).toBe(403);
  });
});

describe('BASIC Authentication', () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

  it('lets a listed identity through without forwarding its credentials, and refuses others with 401', async () => {
    const chain = chainOf([
      [
        'BasicAuthentication',
        { realm: 'ops', identities: [{ username: 'ada', passwordHash: await hashPassword('s3cret') }] },
      ],
    ]);
    const ok = await runChain(chain, requestOf({ headers: { authorization: basic('ada', 's3cret') } }));
    expect(ok.status).toBe(200);
    expect(ok.forwarded?.authorization).toBeUndefined();

    for (const authorization of [basic('ada', 'wrong'), basic('bob', 's3cret')]) {
      const refused = await runChain(chain, requestOf({ headers: { authorization } }));
      expect(refused.status).toBe(401);
      expect(refused.headers['www-authenticate']).toBe('Basic realm="ops", charset="UTF-8"');
      expect(refused.headers['x-policy-failure-code']).toBe('authentication_failed');
    }
    const missing = await runChain(chain, requestOf());
    expect(missing.status).toBe(401);
    expect(missing.body?.error).toBe('authentication_required');
    expect(missing.headers['www-authenticate']).toBe('Basic realm="ops", charset="UTF-8"');
  });

  it('answers a repeated successful check from memory, without hashing again', async () => {
    const chain = chainOf([
      [
        'BasicAuthentication',
        { realm: 'ops', identities: [{ username: 'ada', passwordHash: await hashPassword('pw') }] },
      ],
    ]);
    const request = requestOf({ headers: { authorization: basic('ada', 'pw') } });
    await runChain(chain, request);
    const call = { request: { ...request, headers: { ...request.headers } }, responseHeaders: {} };
    // A synchronous undefined (not a promise) means the answer came from the cache.
    expect(chain.policies[0]?.request?.(call)).toBeUndefined();
  });
});

describe('CORS', () => {
  const chain = chainOf([
    [
      'CORS',
      {
        origins: 'https://app.example.com',
        methods: 'GET, POST',
        headers: 'Content-Type',
        credentials: 'on',
        maxAge: '600',
      },
    ],
  ]);
  const preflight = (origin: string, method: string, headers?: string) =>
    requestOf({
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      },
    });

  it('answers an allowed preflight at the gateway with 204 and the allowed methods and headers', async () => {
    const answer = await runChain(chain, preflight('https://app.example.com', 'POST', 'content-type'));
    expect(answer.status).toBe(204);
    expect(answer.forwarded).toBeNull();
    expect(answer.headers).toMatchObject({
      'access-control-allow-origin': 'https://app.example.com',
      'access-control-allow-methods': 'GET, POST',
      'access-control-allow-headers': 'Content-Type',
      'access-control-allow-credentials': 'true',
      'access-control-max-age': '600',
      vary: 'Origin',
    });
  });

  it('refuses a preflight for another origin, method or header with 403', async () => {
    const cases = [
      [preflight('https://evil.example', 'GET'), 'cors_origin_not_allowed'],
      [preflight('https://app.example.com', 'DELETE'), 'cors_method_not_allowed'],
      [preflight('https://app.example.com', 'GET', 'x-secret'), 'cors_header_not_allowed'],
    ] as const;
    for (const [request, code] of cases) {
      const answer = await runChain(chain, request);
      expect(answer.status).toBe(403);
      expect(answer.headers['x-policy-failure-code']).toBe(code);
    }
  });

  it('marks answers to an allowed origin and lets calls without Origin through untouched', async () => {
    const answer = await runChain(chain, requestOf({ headers: { origin: 'https://app.example.com' } }));
    expect(answer.status).toBe(200);
    expect(answer.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(answer.headers['access-control-allow-credentials']).toBe('true');
    const plain = await runChain(chain, requestOf());
    expect(plain.status).toBe(200);
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers * for every origin when configured so', async () => {
    const open = chainOf([['CORS', { origins: '*', methods: 'GET', headers: '', maxAge: '0' }]]);
    const answer = await runChain(open, requestOf({ headers: { origin: 'https://anyone.example' } }));
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(answer.headers['access-control-allow-credentials']).toBeUndefined();
  });
});
