import { describe, expect, it } from 'vitest';
import { chainOf, requestOf, runChain } from '@/test/policy-chain';

describe('API Key', () => {
  it('forwards the caller’s key to the backend in the named header', async () => {
    const chain = chainOf([['APIKey', { headerName: 'X-Client-Key' }]]);
    const answer = await runChain(chain, requestOf({ apiKey: 'the-key' }));
    expect(answer.forwarded?.['x-client-key']).toBe('the-key');
  });

  it('forwards nothing (and strips a forged header) when the call had no key', async () => {
    const chain = chainOf([['APIKey', { headerName: 'X-Client-Key' }]]);
    const answer = await runChain(chain, requestOf({ apiKey: null, headers: { 'x-client-key': 'forged' } }));
    expect(answer.forwarded?.['x-client-key']).toBeUndefined();
  });
});

describe('Header', () => {
  it('sets and strips request and response headers', async () => {
    const chain = chainOf([
      [
        'Header',
        {
          requestSet: 'X-Env: prod',
          requestRemove: 'Cookie',
          responseSet: 'X-Served-By: portico',
          responseRemove: 'Server',
        },
      ],
    ]);
    const answer = await runChain(chain, requestOf({ headers: { cookie: 'a=b', 'x-env': 'dev' } }), {
      headers: { server: 'nginx', 'content-type': 'application/json' },
    });
    expect(answer.forwarded).toMatchObject({ 'x-env': 'prod' });
    expect(answer.forwarded?.cookie).toBeUndefined();
    expect(answer.headers['x-served-by']).toBe('portico');
    expect(answer.headers.server).toBeUndefined();
    expect(answer.headers['content-type']).toBe('application/json');
  });

  it('runs response phases in reverse chain order', async () => {
    const chain = chainOf([
      ['Header', { requestSet: '', requestRemove: '', responseSet: 'X-Order: first', responseRemove: '' }],
      ['Header', { requestSet: '', requestRemove: '', responseSet: 'X-Order: last', responseRemove: '' }],
    ]);
    // The first policy's response phase runs last, so its value is the one the caller sees.
    expect((await runChain(chain)).headers['x-order']).toBe('first');
  });
});

describe('Ignored Resources', () => {
  it('answers 404 for matching paths and lets others through', async () => {
    const chain = chainOf([['IgnoredResources', { paths: '^/admin(/.*)?$\n\\.bak$' }]]);
    for (const path of ['/admin', '/admin/users', '/files/db.bak']) {
      const answer = await runChain(chain, requestOf({ path }));
      expect(answer.status).toBe(404);
      expect(answer.body?.error).toBe('resource_ignored');
      expect(answer.headers['x-policy-failure-type']).toBe('IgnoredResources');
    }
    expect((await runChain(chain, requestOf({ path: '/administrators' }))).status).toBe(200);
  });

  it('applies to the configured methods only', async () => {
    const chain = chainOf([['IgnoredResources', { paths: '^/items', methods: 'delete, PUT' }]]);
    expect((await runChain(chain, requestOf({ method: 'GET' }))).status).toBe(200);
    expect((await runChain(chain, requestOf({ method: 'DELETE' }))).status).toBe(404);
  });

  it('keeps a pathological pattern linear in the path length', async () => {
    const chain = chainOf([['IgnoredResources', { paths: '^(a+)+$' }]]);
    const answer = await runChain(chain, requestOf({ path: '/' + 'a'.repeat(50_000) + '!' }));
    expect(answer.status).toBe(200);
  });
});

describe('a policy whose stored configuration is no longer valid', () => {
  it('refuses every call rather than being skipped', async () => {
    const chain = chainOf([['IPAllowlist', { addresses: [], responseCode: 403 }]]);
    const answer = await runChain(chain);
    expect(answer.status).toBe(500);
    expect(answer.body?.error).toBe('policy_invalid');
  });
});
