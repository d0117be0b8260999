import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { exportJWK, exportSPKI, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallState, CompiledPhases, PolicyFailure, RequestOutcome } from '../contract';
import { freshnessOf, JwtKeyCache, jwksTiming } from '../jwt-keys';
import { MemoryCounterStore } from '../counters';
import { describePolicy, formValuesOf } from '../describe';
import { jwt, keepStoredSecrets } from './jwt';

/**
 * The JWT policy against a loopback identity provider the tests rotate, slow and take down. Time is
 * injected: the key cache's clock and each call's arrival are one variable moved by the tests.
 */

type Pair = Awaited<ReturnType<typeof generateKeyPair>>;
let clock = Date.UTC(2026, 11, 8, 12, 0, 0);
const T = () => Math.floor(clock / 1000);

interface Idp {
  url: string;
  keys: JWK[];
  status: number;
  cacheControl: string;
  jwksHits: number;
  /** While set, JWKS answers wait until it resolves (a slow provider). */
  hold: Promise<void> | null;
  close(): Promise<void>;
}

async function startIdp(): Promise<Idp> {
  const idp: Idp = {
    url: '',
    keys: [],
    status: 200,
    cacheControl: 'max-age=600',
    jwksHits: 0,
    hold: null,
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    if (req.url?.endsWith('/.well-known/openid-configuration')) {
      res.writeHead(idp.status, { 'content-type': 'application/json' });
      return res.end(JSON.stringify({ issuer: idp.url, jwks_uri: `${idp.url}/jwks` }));
    }
    idp.jwksHits++;
    const answer = () => {
      res.writeHead(idp.status, { 'content-type': 'application/json', 'cache-control': idp.cacheControl });
      res.end(idp.status === 200 ? JSON.stringify({ keys: idp.keys }) : 'down');
    };
    if (idp.hold) void idp.hold.then(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  idp.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  idp.close = () => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  };
  return idp;
}

let idp: Idp;
let rsa: Pair;
let ec: Pair;
let ed: Pair;
let rsa2: Pair;

async function publicJwk(pair: Pair, kid: string, alg: string): Promise<JWK> {
  return { ...(await exportJWK(pair.publicKey)), kid, alg, use: 'sig' };
}

async function token(
  pair: Pair | Uint8Array | CryptoKey,
  header: { alg: string; kid?: string },
  claims: Record<string, unknown> = {},
): Promise<string> {
  return new SignJWT({ iss: idp.url, aud: 'orders', exp: T() + 300, iat: T(), azp: 'shop-web', ...claims })
    .setProtectedHeader(header)
    .sign(pair instanceof Uint8Array || pair instanceof CryptoKey ? pair : pair.privateKey);
}

function state(bearer: string | null, headers: Record<string, string> = {}): CallState {
  return {
    request: {
      method: 'GET',
      path: '/orders',
      query: '',
      headers: { ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }), ...headers },
      ip: '127.0.0.1',
      apiKey: null,
      apiVersionId: 1,
      clientVersionId: null,
      planVersionId: null,
      receivedAt: clock,
    },
    responseHeaders: {},
  };
}

function policy(values: Record<string, unknown>, keys: JwtKeyCache): CompiledPhases {
  const parsed = jwt.schema.safeParse(values);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message);
  return jwt.compile(parsed.data, {
    policyId: 1,
    scope: { apiVersionId: 1, clientVersionId: null, planVersionId: null },
    counters: new MemoryCounterStore(),
    checkPassword: () => false,
    jwtKeys: keys,
  });
}

async function run(p: CompiledPhases, call: CallState): Promise<PolicyFailure | 'passed'> {
  const outcome: RequestOutcome = await p.request?.(call);
  if (!outcome) return 'passed';
  if ('fail' in outcome) return outcome.fail;
  throw new Error('unexpected answer');
}

const codeOf = async (p: CompiledPhases, t: string | null) => {
  const r = await run(p, state(t));
  return r === 'passed' ? r : r.code;
};

const newCache = () => new JwtKeyCache({ now: () => clock });

beforeAll(async () => {
  [rsa, ec, ed, rsa2] = await Promise.all([
    generateKeyPair('RS256', { extractable: true }),
    generateKeyPair('ES256', { extractable: true }),
    generateKeyPair('EdDSA', { extractable: true }),
    generateKeyPair('RS256', { extractable: true }),
  ]);
  idp = await startIdp();
  idp.keys = [
    await publicJwk(rsa, 'rsa-1', 'RS256'),
    await publicJwk(ec, 'ec-1', 'ES256'),
    await publicJwk(ed, 'ed-1', 'EdDSA'),
  ];
});

afterAll(() => idp.close());

describe('JWT policy: verifying tokens', () => {
  it('accepts RSA, EC and Ed25519 tokens from the discovered JWKS, forwards claims and strips the token', async () => {
    const p = policy(
      { issuers: `${idp.url} aud=orders`, forwardClaims: 'sub: X-User\nrealm_access.roles: X-Roles' },
      newCache(),
    );
    for (const [pair, alg, kid] of [
      [rsa, 'RS256', 'rsa-1'],
      [ec, 'ES256', 'ec-1'],
      [ed, 'EdDSA', 'ed-1'],
    ] as const) {
      const call = state(await token(pair, { alg, kid }, { sub: 'ada', realm_access: { roles: ['a', 'b'] } }), {
        'x-user': 'spoofed',
      });
      expect(await run(p, call)).toBe('passed');
      expect(call.request.headers['x-user']).toBe('ada');
      expect(call.request.headers['x-roles']).toBe('a,b');
      expect(call.request.headers.authorization).toBeUndefined();
    }
  });

  it('answers RFC 6750 challenges with reason codes', async () => {
    const p = policy({ issuers: `${idp.url} aud=orders`, scopes: 'orders:read orders:write' }, newCache());
    const noToken = await run(p, state(null));
    expect(noToken).toMatchObject({ status: 401, code: 'jwt.missing', headers: { 'WWW-Authenticate': 'Bearer' } });
    const expiredToken = await run(p, state(await token(rsa, { alg: 'RS256', kid: 'rsa-1' }, { exp: T() - 31 })));
    expect(expiredToken).toMatchObject({ status: 401, code: 'jwt.expired' });
    expect((expiredToken as PolicyFailure).headers?.['WWW-Authenticate']).toMatch(/^Bearer error="invalid_token"/);
    const narrow = await run(p, state(await token(rsa, { alg: 'RS256', kid: 'rsa-1' }, { scope: 'orders:read' })));
    expect(narrow).toMatchObject({ status: 403, code: 'jwt.insufficient_scope' });
    expect((narrow as PolicyFailure).headers?.['WWW-Authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="orders:read orders:write"',
    );
    expect(
      await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }, { scope: 'orders:write orders:read' })),
    ).toBe('passed');
  });

  it('checks exp and nbf with the leeway, and the maximum token age', async () => {
    const p = policy({ issuers: `${idp.url} aud=orders`, maxAge: '600' }, newCache());
    const k = { alg: 'RS256', kid: 'rsa-1' };
    expect(await codeOf(p, await token(rsa, k, { exp: T() - 20 }))).toBe('passed');
    expect(await codeOf(p, await token(rsa, k, { nbf: T() + 20 }))).toBe('passed');
    expect(await codeOf(p, await token(rsa, k, { nbf: T() + 40 }))).toBe('jwt.not_yet_valid');
    expect(await codeOf(p, await token(rsa, k, { iat: T() - 700, exp: T() + 60 }))).toBe('jwt.too_old');
    expect(await codeOf(p, await token(rsa, k, { exp: undefined }))).toBe('jwt.expired');
  });

  it('accepts any of the issuer audiences, in a string or an array', async () => {
    const p = policy({ issuers: `${idp.url} aud=orders,billing` }, newCache());
    const k = { alg: 'RS256', kid: 'rsa-1' };
    expect(await codeOf(p, await token(rsa, k, { aud: ['account', 'billing'] }))).toBe('passed');
    expect(await codeOf(p, await token(rsa, k, { aud: ['account', 'crm'] }))).toBe('jwt.bad_audience');
    expect(await codeOf(p, await token(rsa, k, { aud: 'crm' }))).toBe('jwt.bad_audience');
    expect(await codeOf(p, await token(rsa, k, { iss: 'https://elsewhere.example' }))).toBe('jwt.unknown_issuer');
  });

  it('refuses algorithm confusion, none, and a key used with another algorithm than its own', async () => {
    const p = policy({ issuers: `${idp.url} aud=orders` }, newCache());
    const pem = new TextEncoder().encode(await exportSPKI(rsa.publicKey));
    expect(await codeOf(p, await token(pem, { alg: 'HS256', kid: 'rsa-1' }))).toBe('jwt.bad_algorithm');
    const [h, c] = (await token(rsa, { alg: 'RS256', kid: 'rsa-1' })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'rsa-1' })).toString('base64url')}.${c}.`;
    expect(await codeOf(p, none)).toBe('jwt.malformed');
    const noneSigned = `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${c}.x`;
    expect(await codeOf(p, noneSigned)).toBe('jwt.bad_algorithm');
    // The RSA key says RS256: a PS256 token under its kid (same key material) finds no key.
    const ps = policy({ issuers: `${idp.url} aud=orders alg=RS256,PS256` }, newCache());
    const psKey = await importJWK(await exportJWK(rsa.privateKey), 'PS256');
    expect(await codeOf(ps, await token(psKey as CryptoKey, { alg: 'PS256', kid: 'rsa-1' }))).toBe('jwt.unknown_kid');
    // HS256 allowed with its own secret: the RSA public key as the secret still does not verify.
    const secret = Buffer.from(createHash('sha256').update('a shared secret').digest()).toString('base64url');
    const hs = policy({ issuers: `${idp.url} aud=orders alg=RS256,HS256 secret=${secret}` }, newCache());
    expect(await codeOf(hs, await token(pem, { alg: 'HS256' }))).toBe('jwt.bad_signature');
    expect(await codeOf(hs, await token(Buffer.from(secret, 'base64url'), { alg: 'HS256' }))).toBe('passed');
    expect(await codeOf(hs, await token(Buffer.from(secret, 'base64url'), { alg: 'HS256', kid: 'any' }))).toBe(
      'passed',
    );
    expect(h).toBeTruthy();
    expect(
      jwt.schema.safeParse({ issuers: `${idp.url} aud=orders alg=HS256 secret=c2hvcnQ` }).error?.issues[0]?.message,
    ).toMatch(/at least 256 bits/);
  });

  it('takes static keys (PEM and JWK) without any fetch', async () => {
    const spki = (await exportSPKI(ec.publicKey)).replace(/-----[A-Z ]+-----|\s/g, '');
    const jwk = JSON.stringify(await publicJwk(ed, 'ed-static', 'EdDSA'));
    const p = policy({ issuers: `${idp.url} aud=orders pem=${spki} jwk=${jwk}` }, newCache());
    const hits = idp.jwksHits;
    expect(await codeOf(p, await token(ec, { alg: 'ES256' }))).toBe('passed');
    expect(await codeOf(p, await token(ed, { alg: 'EdDSA', kid: 'ed-static' }))).toBe('passed');
    expect(idp.jwksHits).toBe(hits);
  });

  it('applies Keycloak roles and claim rules', async () => {
    const p = policy(
      {
        issuers: `${idp.url} aud=orders`,
        rolesClaim: 'resource_access.shop.roles',
        roles: 'buyer, admin',
        claimRules: 'tenant = acme\ntier in gold, silver',
      },
      newCache(),
    );
    const k = { alg: 'ES256', kid: 'ec-1' };
    const good = { resource_access: { shop: { roles: ['buyer'] } }, tenant: 'acme', tier: 'gold' };
    expect(await codeOf(p, await token(ec, k, good))).toBe('passed');
    expect(await codeOf(p, await token(ec, k, { ...good, resource_access: { shop: { roles: ['x'] } } }))).toBe(
      'jwt.missing_role',
    );
    expect(await codeOf(p, await token(ec, k, { ...good, tier: 'bronze' }))).toBe('jwt.claim_mismatch');
  });
});

describe('JWT policy form', () => {
  it('shows a stored configuration as form lines that save back to the same configuration', async () => {
    const jwk = JSON.stringify(await publicJwk(ed, 'ed-static', 'EdDSA'));
    const values = {
      issuers: `https://sso.example.com/realms/acme aud=orders,account\nurn:static aud=orders alg=EdDSA jwk=${jwk}`,
      scopes: 'orders:read, orders:write',
      scopeMatch: 'any',
      rolesClaim: 'realm_access.roles',
      roles: 'buyer',
      claimRules: 'tenant = acme\ntier in gold, silver',
      bindClients: 'on',
      clientClaim: 'client_id',
      forwardClaims: 'sub: X-User',
      leeway: '10',
    };
    const stored = jwt.schema.parse(values);
    expect(stored.issuers[1]).toMatchObject({
      issuer: 'urn:static',
      algorithms: ['EdDSA'],
      jwks: [{ kid: 'ed-static' }],
    });
    const again = jwt.schema.parse(formValuesOf('JWT', stored));
    expect(again).toEqual(stored);
    expect(describePolicy('JWT', stored)).toBe(
      'Bearer tokens from https://sso.example.com/realms/acme, urn:static with scope orders:read orders:write',
    );
  });

  it('refuses scopes that could not go into a challenge, and an issuer listed twice', () => {
    const issuers = 'https://sso.example.com aud=orders';
    expect(jwt.schema.safeParse({ issuers, scopes: 'orders:"read"' }).success).toBe(false);
    expect(jwt.schema.safeParse({ issuers: `${issuers}\n${issuers} aud=billing` }).error?.issues[0]?.message).toBe(
      'Each issuer is listed once',
    );
  });

  it('never shows an HMAC secret in a form: * keeps the stored one', () => {
    const secret = Buffer.alloc(32, 7).toString('base64url');
    const stored = jwt.schema.parse({ issuers: `urn:hmac aud=orders alg=HS256 secret=${secret}` });
    const shown = formValuesOf('JWT', stored);
    expect(shown.issuers).toBe('urn:hmac aud=orders alg=HS256 secret=*');
    const saved = jwt.schema.parse(shown);
    expect(keepStoredSecrets(saved, stored)).toEqual(stored);
    expect(keepStoredSecrets(saved, undefined)).toMatch(/Enter the secret for urn:hmac/);
  });
});

describe('JWT key cache: rotation and outage', () => {
  it('clamps the JWKS max-age to 5 min–24 h', () => {
    expect(freshnessOf('public, max-age=60')).toBe(5 * 60_000);
    expect(freshnessOf('max-age=3600')).toBe(3_600_000);
    expect(freshnessOf('max-age=999999')).toBe(24 * 3_600_000);
    expect(freshnessOf(null)).toBe(5 * 60_000);
  });

  it('refetches on an unknown kid at most once per 30 s, failing fast meanwhile, and serves stale keys', async () => {
    const keys = newCache();
    const p = policy({ issuers: `${idp.url} aud=orders` }, keys);
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }))).toBe('passed');
    const hits = idp.jwksHits;

    // Rotation: the provider publishes rsa-2; the first token signed with it triggers one refetch.
    idp.keys = [await publicJwk(rsa2, 'rsa-2', 'RS256'), await publicJwk(rsa, 'rsa-1', 'RS256')];
    clock += jwksTiming.refetchCooldownMs;
    expect(await codeOf(p, await token(rsa2, { alg: 'RS256', kid: 'rsa-2' }))).toBe('passed');
    expect(idp.jwksHits).toBe(hits + 1);

    // An unknown kid within the cooldown fails fast, without asking the provider.
    expect(await codeOf(p, await token(rsa2, { alg: 'RS256', kid: 'rsa-3' }))).toBe('jwt.unknown_kid');
    expect(idp.jwksHits).toBe(hits + 1);

    // A slow provider: the call that refetches waits, the others fail fast meanwhile.
    clock += jwksTiming.refetchCooldownMs;
    let release!: () => void;
    idp.hold = new Promise((resolve) => (release = resolve));
    idp.keys = [...idp.keys, await publicJwk(ec, 'rsa-3-never', 'ES256')];
    const waiting = codeOf(p, await token(rsa2, { alg: 'RS256', kid: 'rotated-later' }));
    await new Promise((resolve) => setImmediate(resolve));
    expect(await codeOf(p, await token(rsa2, { alg: 'RS256', kid: 'other-unknown' }))).toBe('jwt.unknown_kid');
    expect(await codeOf(p, await token(rsa2, { alg: 'RS256', kid: 'rsa-2' }))).toBe('passed');
    idp.hold = null;
    release();
    expect(await waiting).toBe('jwt.unknown_kid');
    expect(idp.jwksHits).toBe(hits + 2);

    // Down: past freshness the cache tries again but keeps serving the keys it has, marked stale.
    idp.status = 503;
    clock += 10 * 60_000 + 1;
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }))).toBe('passed');
    await within(() => keys.health()[0]?.state === 'stale');
    expect(keys.warnings(1)).toMatchObject([
      { issuer: idp.url, state: 'stale', error: expect.stringContaining('503') },
    ]);
    expect(keys.warnings(2)).toEqual([]);
    clock += 23 * 3_600_000;
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }))).toBe('passed');

    // More than 24 h past freshness: no key is trusted any more.
    clock += 3_600_000;
    const gone = await run(p, state(await token(rsa, { alg: 'RS256', kid: 'rsa-1' })));
    expect(gone).toMatchObject({ status: 503, code: 'jwt.keys_unavailable' });

    // Back up: the Refresh keys action fetches at once and the policy serves again.
    idp.status = 200;
    expect(await keys.refreshFor(1)).toMatchObject([{ state: 'fresh', keys: 3 }]);
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }))).toBe('passed');
  });

  it('refuses calls while an issuer taken down never answered, and says why', async () => {
    const gone = http.createServer();
    await new Promise<void>((resolve) => gone.listen(0, '127.0.0.1', resolve));
    const port = (gone.address() as AddressInfo).port;
    await new Promise((resolve) => gone.close(resolve));
    const keys = newCache();
    const p = policy({ issuers: `${idp.url} aud=orders jwks=http://127.0.0.1:${port}/jwks` }, keys);
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }))).toBe('jwt.keys_unavailable');
    expect(keys.health()).toMatchObject([{ state: 'unavailable', error: expect.any(String) }]);
    // Within the cooldown no call waits for another attempt.
    expect(await codeOf(p, await token(rsa, { alg: 'RS256', kid: 'rsa-1' }, { sub: 'x' }))).toBe(
      'jwt.keys_unavailable',
    );
  });

  it('does not trust a discovery document naming another issuer', async () => {
    const keys = newCache();
    const p = policy({ issuers: `${idp.url}/realms/other aud=orders` }, keys);
    const t = await token(rsa, { alg: 'RS256', kid: 'rsa-1' }, { iss: `${idp.url}/realms/other` });
    expect(await codeOf(p, t)).toBe('jwt.keys_unavailable');
    expect(keys.health()[0]).toMatchObject({ state: 'unavailable' });
  });
});

async function within(check: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !check(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(check()).toBe(true);
}
