import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendWithToken, type TokenRequest } from './token-request';

const origin = 'https://portico.example';
const token = 'ptc_abcdefghijkl_secretsecretsecretsecretsecretsecretsecret';
const request: TokenRequest = {
  server: '/api/v1',
  token,
  method: 'GET',
  path: '/organizations/acme/clients',
  query: [['q', 'Dev Client']],
  headers: [],
  contentType: null,
  body: null,
};

function answering(response: Response) {
  const fetch = vi.fn<typeof globalThis.fetch>().mockResolvedValue(response);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('Try it with a token (the REST API page)', () => {
  it('sends the token in the Authorization header only, without cookies, and shows JSON indented', async () => {
    const fetch = answering(
      new Response('{"items":[{"name":"DevClient"}],"next":null}', {
        status: 200,
        headers: { 'Content-Type': 'application/json', ETag: '"3"' },
      }),
    );
    const answer = await sendWithToken(request, origin);

    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe(`${origin}/api/v1/organizations/acme/clients?q=Dev+Client`);
    expect(String(url)).not.toContain('ptc_');
    expect(new Headers(init?.headers).get('authorization')).toBe(`Bearer ${token}`);
    expect(init).toMatchObject({
      method: 'GET',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
    });
    expect(answer).toMatchObject({
      ok: true,
      data: {
        status: 200,
        truncated: false,
        body: '{\n  "items": [\n    {\n      "name": "DevClient"\n    }\n  ],\n  "next": null\n}',
      },
    });
    expect(answer.ok && answer.data.headers).toContainEqual(['etag', '"3"']);
  });

  it('sends the body and the headers asked for with a write', async () => {
    const fetch = answering(new Response(null, { status: 204 }));
    await sendWithToken(
      {
        ...request,
        method: 'POST',
        query: [],
        headers: [['Idempotency-Key', 'deploy-42']],
        contentType: 'application/json',
        body: '{"name":"CI"}',
      },
      origin,
    );
    const init = fetch.mock.calls[0]?.[1];
    const headers = new Headers(init?.headers);
    expect(headers.get('idempotency-key')).toBe('deploy-42');
    expect(headers.get('content-type')).toBe('application/json');
    expect(init?.body).toBe('{"name":"CI"}');
  });

  it('asks for a token before sending anything, and never leaves the API’s server', async () => {
    const fetch = answering(new Response('{}'));
    expect(await sendWithToken({ ...request, token: '' }, origin)).toEqual({
      ok: false,
      message: 'Paste one of your access tokens above first.',
    });
    expect(await sendWithToken({ ...request, path: '/../../portal' }, origin)).toMatchObject({ ok: false });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('shows the start of a long answer as it came, saying it was cut', async () => {
    answering(new Response(`{"items":"${'x'.repeat(40_000)}"}`, { status: 200 }));
    const answer = await sendWithToken(request, origin);
    expect(answer.ok && answer.data.truncated).toBe(true);
    expect(answer.ok && answer.data.body.length).toBe(16_384);
  });
});
