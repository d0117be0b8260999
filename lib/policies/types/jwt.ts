import { compactVerify } from 'jose';
import { z } from 'zod';
import type {
  CallState,
  IdentifyOutcome,
  IssuerKeys,
  KeyLookup,
  PolicyFailure,
  PolicyTypeModule,
  RequestOutcome,
} from '../contract';
import { checkbox, headerName, limits, lineOrStored, lines, linesOf, wholeNumber } from './shared';

/**
 * JWT / OpenID Connect: a bearer token verified in-process against trusted issuers' keys (fetched
 * and cached by the process, see jwt-keys.ts). Everything is compiled when the view loads; per call
 * the token is split, its signature checked (or found checked already: a verified token is
 * remembered until it expires) and its claims compared with precompiled sets.
 */

export const asymmetricAlgorithms = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
];
export const hmacAlgorithms = ['HS256', 'HS384', 'HS512'];
export const defaultAlgorithms = ['RS256', 'PS256', 'ES256', 'EdDSA'];
const hmacBytes: Record<string, number> = { HS256: 32, HS384: 48, HS512: 64 };
const maxIssuers = 10;
const maxTokenBytes = 16 * 1024;

const issuerName = z
  .string()
  .trim()
  .min(1, 'Enter the issuer')
  .max(500, 'Issuers are at most 500 characters')
  .refine((s) => !/[\s\p{Cc}]/u.test(s), 'Issuers may not contain spaces');
const httpUrl = z
  .string()
  .max(2048, 'URLs are at most 2,048 characters')
  .regex(/^https?:\/\/[^\s]+$/, 'Enter the JWKS URL as http(s)://…');
const audience = z.string().min(1).max(200, 'Audiences are at most 200 characters');
const algorithm = z.string().refine((a) => a !== 'none', '"none" is never accepted: tokens must be signed');

const storedIssuer = z
  .object({
    issuer: issuerName,
    audiences: z.array(audience).min(1, 'Name at least one audience per issuer (aud=…)').max(20),
    jwksUri: httpUrl.optional(),
    algorithms: z
      .array(algorithm)
      .min(1)
      .max(13)
      .refine((algs) => algs.every((a) => asymmetricAlgorithms.includes(a) || hmacAlgorithms.includes(a)), {
        error: 'Algorithms are RS256/384/512, PS256/384/512, ES256/384/512, EdDSA or HS256/384/512',
      }),
    jwks: z
      .array(z.record(z.string(), z.unknown()))
      .max(20)
      .refine((keys) => keys.every((k) => typeof k.kty === 'string' && !('d' in k) && !('k' in k)), {
        error: 'Static keys are public JWKs (no private or symmetric key material)',
      })
      .optional(),
    pems: z
      .array(z.string().regex(/^-----BEGIN PUBLIC KEY-----[A-Za-z0-9+/=\s]+-----END PUBLIC KEY-----\s*$/))
      .max(20)
      .optional(),
    secret: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'Write the HMAC secret in base64url')
      .optional(),
    /** `secret=*` in a form: keep the stored secret (filled in by the commands, never stored). */
    keepSecret: z.literal(true).optional(),
  })
  .superRefine((i, ctx) => {
    const hmac = i.algorithms.filter((a) => hmacAlgorithms.includes(a));
    if (hmac.length > 0 && !i.secret && !i.keepSecret)
      ctx.addIssue({ code: 'custom', message: `${i.issuer}: HS* algorithms need a secret (secret=…)` });
    if (i.secret && i.keepSecret)
      ctx.addIssue({ code: 'custom', message: `${i.issuer}: give a new secret or * to keep the stored one` });
    if (i.secret) {
      const bytes = Math.floor((i.secret.length * 3) / 4);
      if (hmac.length === 0) ctx.addIssue({ code: 'custom', message: `${i.issuer}: a secret is only used with HS*` });
      for (const a of hmac)
        if (bytes < (hmacBytes[a] ?? 32))
          ctx.addIssue({
            code: 'custom',
            message: `${i.issuer}: ${a} needs a secret of at least ${(hmacBytes[a] ?? 32) * 8} bits`,
          });
    }
    if (i.jwksUri && (i.jwks?.length || i.pems?.length))
      ctx.addIssue({ code: 'custom', message: `${i.issuer}: use either a JWKS URL or static keys` });
  });
export type TrustedIssuer = z.output<typeof storedIssuer>;

/** A form line: `issuer aud=a,b [jwks=url] [alg=RS256,ES256] [jwk={…}] [pem=base64] [secret=base64url]`. */
function issuerFromLine(line: string): TrustedIssuer | string {
  const [issuer, ...options] = line.split(/\s+/);
  const draft: Record<string, unknown> = { issuer, audiences: [], algorithms: defaultAlgorithms };
  for (const option of options) {
    const eq = option.indexOf('=');
    const name = eq < 0 ? option : option.slice(0, eq);
    const value = eq < 0 ? '' : option.slice(eq + 1);
    if (name === 'aud') draft.audiences = value.split(',').filter(Boolean);
    else if (name === 'jwks') draft.jwksUri = value;
    else if (name === 'alg') draft.algorithms = value.split(',').filter(Boolean);
    else if (name === 'secret' && value === '*') draft.keepSecret = true;
    else if (name === 'secret') draft.secret = value;
    else if (name === 'jwk') {
      try {
        draft.jwks = [...((draft.jwks as unknown[]) ?? []), JSON.parse(value)];
      } catch {
        return 'Write jwk= as one-line JSON without spaces';
      }
    } else if (name === 'pem')
      draft.pems = [
        ...((draft.pems as string[]) ?? []),
        `-----BEGIN PUBLIC KEY-----\n${value.match(/.{1,64}/g)?.join('\n') ?? ''}\n-----END PUBLIC KEY-----`,
      ];
    else return `Unknown option ${name}: use aud=, jwks=, alg=, jwk=, pem= or secret=`;
  }
  const parsed = storedIssuer.safeParse(draft);
  return parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'Invalid issuer');
}

/** A stored issuer as its form line (the inverse of issuerFromLine). */
export function issuerLine(i: TrustedIssuer): string {
  const parts = [i.issuer, `aud=${i.audiences.join(',')}`];
  if (i.jwksUri) parts.push(`jwks=${i.jwksUri}`);
  if (i.algorithms.join(',') !== defaultAlgorithms.join(',')) parts.push(`alg=${i.algorithms.join(',')}`);
  for (const k of i.jwks ?? []) parts.push(`jwk=${JSON.stringify(k)}`);
  for (const p of i.pems ?? []) parts.push(`pem=${p.replace(/-----[A-Z ]+-----|\s/g, '')}`);
  // A secret never goes back into a form (nor into the REST API's values): `*` keeps it.
  if (i.secret || i.keepSecret) parts.push('secret=*');
  return parts.join(' ');
}

/**
 * Fills in the stored secret of issuers saved with `secret=*` (the form shows no secret), by issuer
 * name; the message when there is none to keep.
 */
export function keepStoredSecrets(
  config: Record<string, unknown>,
  previous: unknown,
): Record<string, unknown> | string {
  const before = new Map(
    ((previous as { issuers?: TrustedIssuer[] } | undefined)?.issuers ?? []).map((i) => [i.issuer, i.secret]),
  );
  const issuers: TrustedIssuer[] = [];
  for (const issuer of config.issuers as TrustedIssuer[]) {
    if (!issuer.keepSecret) {
      issuers.push(issuer);
      continue;
    }
    const { keepSecret: _kept, ...rest } = issuer;
    const secret = before.get(issuer.issuer);
    if (!secret) return `Enter the secret for ${issuer.issuer}: there is no stored one to keep`;
    issuers.push({ ...rest, secret });
  }
  return { ...config, issuers };
}

/** A stored claim rule or forwarded claim as its form line. */
export function jwtItemLine(item: Record<string, unknown>): string | null {
  if (typeof item.issuer === 'string') return issuerLine(item as TrustedIssuer);
  if (typeof item.path === 'string' && Array.isArray(item.oneOf))
    return item.oneOf.length === 1
      ? `${item.path} = ${String(item.oneOf[0])}`
      : `${item.path} in ${item.oneOf.join(', ')}`;
  if (typeof item.claim === 'string' && typeof item.header === 'string') return `${item.claim}: ${item.header}`;
  return null;
}

/** `path = value` (equals) or `path in a, b` (one of). */
const claimRule = lineOrStored<{ path: string; oneOf: string[] }>(
  (line) => {
    const m = /^([A-Za-z0-9_.:/<>-]{1,200})\s*(=|in)\s*(.+)$/.exec(line);
    if (!m?.[1] || !m[3]) return 'Write claim rules as "claim = value" or "claim in a, b"';
    const values =
      m[2] === '='
        ? [m[3].trim()]
        : m[3]
            .split(',')
            .map((v) => v.trim())
            .filter(Boolean);
    return { path: m[1], oneOf: values };
  },
  z.object({ path: z.string().min(1).max(200), oneOf: z.array(z.string().max(500)).min(1).max(50) }),
);

/** `claim: Header-Name`. */
const forwardedClaim = lineOrStored<{ claim: string; header: string }>(
  (line) => {
    const at = line.indexOf(':');
    if (at < 1) return 'Write forwarded claims as "claim: Header-Name"';
    const header = headerName.safeParse(line.slice(at + 1).trim());
    if (!header.success) return header.error.issues[0]?.message ?? 'Invalid header name';
    if (header.data.toLowerCase() === 'authorization') return 'Authorization cannot carry a claim';
    return { claim: line.slice(0, at).trim(), header: header.data };
  },
  z.object({ claim: z.string().min(1).max(200), header: headerName }),
);

const wordList = z.preprocess(
  (v) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : (v ?? [])),
  z.array(z.string().max(200)).max(limits.tokens, `Enter at most ${limits.tokens}`),
);

/** RFC 6749 scope tokens: they go into `WWW-Authenticate` as they are. */
const scopeList = wordList.pipe(
  z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'Scopes are printable ASCII without quotes or backslashes')),
);

const schema = z.object({
  issuers: z.preprocess(
    lines,
    z
      .array(lineOrStored(issuerFromLine, storedIssuer), 'Add trusted issuers, one per line')
      .min(1, 'Add at least one trusted issuer')
      .max(maxIssuers, `Add at most ${maxIssuers} issuers`)
      .refine((list) => new Set(list.map((i) => i.issuer)).size === list.length, 'Each issuer is listed once'),
  ),
  leeway: z.preprocess((v) => (v === undefined || v === '' ? 30 : v), wholeNumber(0, 'a leeway', 300)),
  maxAge: z.preprocess((v) => (v === undefined || v === '' ? 0 : v), wholeNumber(0, 'a max token age', 31_536_000)),
  scopes: scopeList,
  scopeMatch: z.preprocess((v) => v || 'all', z.enum(['all', 'any'], 'Choose all or any')),
  rolesClaim: z.preprocess((v) => v ?? '', z.string().trim().max(200)),
  roles: wordList,
  claimRules: linesOf(claimRule, 20, 'claim rules'),
  bindClients: checkbox,
  clientClaim: z.preprocess(
    (v) => (v === undefined || v === '' ? 'azp' : v),
    z
      .string()
      .trim()
      .max(200)
      .regex(/^[A-Za-z0-9_.:-]+$/, 'Enter a claim name such as azp or client_id'),
  ),
  forwardClaims: linesOf(forwardedClaim, 20, 'forwarded claims'),
  keepToken: checkbox,
});
export type JwtConfig = z.output<typeof schema>;

type Claims = Record<string, unknown>;

/** A claim by dotted path (`realm_access.roles`); segments are own properties only. */
function claimAt(claims: Claims, path: string): unknown {
  let value: unknown = claims;
  for (const segment of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

const asStrings = (value: unknown): string[] =>
  typeof value === 'string'
    ? value.split(' ').filter(Boolean)
    : Array.isArray(value)
      ? value.filter((v): v is string => typeof v === 'string')
      : [];

const headerSafe = (value: string) => value.length <= limits.headerValueBytes && !/[^\t\x20-\x7e]/.test(value);

interface Verified {
  claims: Claims;
  issuer: number;
  /** The time-independent claim checks' answer, once worked out (null: not yet). */
  verdict: { fail: PolicyFailure } | undefined | null;
  forwards?: [string, string | null][];
  /** Milliseconds since the epoch; the remembered check is dropped then. */
  expiresAt: number;
}

const rememberedMax = 10_000;

/** RFC 6750 answers: 401 invalid_token (or a bare challenge without a token), 403 insufficient_scope. */
function failure(status: 401 | 403 | 503, code: string, message: string, scope?: string): { fail: PolicyFailure } {
  const challenge =
    status === 503
      ? undefined
      : code === 'jwt.missing'
        ? 'Bearer'
        : status === 401
          ? `Bearer error="invalid_token", error_description="${message.replace(/["\\]/g, '')}"`
          : `Bearer error="insufficient_scope"${scope ? `, scope="${scope}"` : ''}`;
  return {
    fail: {
      status,
      type: 'JWT',
      code,
      message,
      ...(challenge ? { headers: { 'WWW-Authenticate': challenge } } : {}),
    },
  };
}

const missing = failure(401, 'jwt.missing', 'This API requires a bearer token.');
const malformed = failure(401, 'jwt.malformed', 'The bearer token is not a well-formed JWT.');
const badAlgorithm = failure(
  401,
  'jwt.bad_algorithm',
  'The token is signed with an algorithm this API does not accept.',
);
const unknownIssuer = failure(401, 'jwt.unknown_issuer', 'The token comes from an issuer this API does not trust.');
const unknownKid = failure(401, 'jwt.unknown_kid', 'The token is signed with a key the issuer does not publish.');
const badSignature = failure(401, 'jwt.bad_signature', 'The token signature is not valid.');
const expired = failure(401, 'jwt.expired', 'The token has expired.');
const notYetValid = failure(401, 'jwt.not_yet_valid', 'The token is not valid yet.');
const tooOld = failure(401, 'jwt.too_old', 'The token was issued too long ago.');
const badAudience = failure(401, 'jwt.bad_audience', 'The token is not meant for this API.');
const noClient = failure(401, 'jwt.no_client', 'The token does not name its client.');
const missingRole = failure(403, 'jwt.missing_role', 'The token does not carry a role this API requires.');
const claimMismatch = failure(403, 'jwt.claim_mismatch', 'The token claims do not allow this call.');
const keysUnavailable = failure(503, 'jwt.keys_unavailable', 'The token issuer keys cannot be fetched right now.');

function decodeSegment(segment: string): Claims | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(base64urlBytes(segment)));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Claims) : null;
  } catch {
    return null;
  }
}

function base64urlBytes(segment: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(segment)) throw new Error('not base64url');
  const binary = atob(segment.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((segment.length + 3) % 4));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

function bearerOf(call: CallState): string | null {
  const header = call.request.headers['authorization'];
  const value = Array.isArray(header) ? header[0] : header;
  if (!value || !/^Bearer\s/i.test(value)) return null;
  // Too long to be a token this gateway accepts: refused as malformed, never parsed.
  return value.length > maxTokenBytes + 7 ? '' : value.slice(6).trim();
}

export const jwt: PolicyTypeModule<typeof schema> = {
  form: {
    label: 'JWT / OpenID Connect',
    fields: [
      {
        name: 'issuers',
        label: 'Trusted issuers',
        kind: 'lines',
        hint: 'One per line: issuer aud=audience1,audience2 — keys from the issuer discovery; add jwks=https://… for a JWKS URL, jwk={…} or pem=… for static keys, alg=RS256,ES256 to choose algorithms (default RS256, PS256, ES256, EdDSA; HS256 needs secret=base64url of at least 256 bits).',
      },
      { name: 'leeway', label: 'Clock leeway (seconds)', kind: 'number', hint: 'For exp, nbf and iat; 30 by default.' },
      { name: 'maxAge', label: 'Maximum token age (seconds)', kind: 'number', hint: '0: no limit beyond exp.' },
      { name: 'scopes', label: 'Required scopes', kind: 'text', hint: 'Space- or comma-separated.' },
      {
        name: 'scopeMatch',
        label: 'Scopes required',
        kind: 'select',
        options: [
          { value: 'all', label: 'All of them' },
          { value: 'any', label: 'Any of them' },
        ],
      },
      {
        name: 'rolesClaim',
        label: 'Roles claim',
        kind: 'text',
        hint: 'A claim path: realm_access.roles (Keycloak realm roles), resource_access.<client>.roles (Keycloak client roles), groups…',
      },
      { name: 'roles', label: 'Required roles (any of)', kind: 'text', hint: 'Space- or comma-separated.' },
      {
        name: 'claimRules',
        label: 'Claim rules',
        kind: 'lines',
        hint: 'claim = value, or claim in a, b — one per line.',
      },
      {
        name: 'bindClients',
        label: 'Bind tokens to Portico clients',
        kind: 'checkbox',
        hint: 'On an API version: a token caller without an API key is the client version whose OAuth client id the claim below names.',
      },
      { name: 'clientClaim', label: 'Client claim', kind: 'text', hint: 'azp by default; client_id or another claim.' },
      { name: 'forwardClaims', label: 'Forwarded claims', kind: 'lines', hint: 'claim: Header-Name, one per line.' },
      { name: 'keepToken', label: 'Forward the token to the backend', kind: 'checkbox' },
    ],
  },
  schema,
  compile(config, env) {
    const issuers = config.issuers.map((i) => ({
      name: i.issuer,
      audiences: new Set(i.audiences),
      algorithms: new Set(i.algorithms),
      keys: env.jwtKeys.issuer(
        {
          issuer: i.issuer,
          algorithms: i.algorithms,
          ...(i.jwksUri ? { jwksUri: i.jwksUri } : {}),
          ...(i.jwks ? { jwks: i.jwks } : {}),
          ...(i.pems ? { pems: i.pems } : {}),
          ...(i.secret ? { secret: i.secret } : {}),
        },
        env.scope,
      ) as IssuerKeys,
    }));
    const byName = new Map(issuers.map((i, n) => [i.name, n]));
    const leewayMs = config.leeway * 1000;
    const maxAgeMs = config.maxAge * 1000;
    const scopes = config.scopes;
    const scopeText = scopes.join(' ');
    const insufficient = failure(
      403,
      'jwt.insufficient_scope',
      'The token lacks a scope this API requires.',
      scopeText,
    );
    const roles = new Set(config.roles);
    const rules = config.claimRules.map((r) => ({ path: r.path, oneOf: new Set(r.oneOf) }));
    const forwarded = config.forwardClaims.map((f) => ({ claim: f.claim, header: f.header.toLowerCase() }));
    const remember = env.jwtKeys.rememberVerified;
    const verified = env.jwtKeys.remembered(`${env.policyId}:${JSON.stringify(config)}`) as Map<string, Verified>;

    /** Claims every call checks, whether the signature was checked now or before. */
    /** What does not depend on the time: worked out once per verified token. */
    const staticVerdict = (v: Verified): { fail: PolicyFailure } | undefined => {
      const c = v.claims;
      const issuer = issuers[v.issuer];
      if (!issuer || c.iss !== issuer.name) return unknownIssuer;
      if (typeof c.exp !== 'number') return expired;
      if (c.nbf !== undefined && typeof c.nbf !== 'number') return notYetValid;
      if (c.iat !== undefined && typeof c.iat !== 'number') return notYetValid;
      if (maxAgeMs > 0 && typeof c.iat !== 'number') return tooOld;
      const aud = c.aud;
      if (!(typeof aud === 'string' ? issuer.audiences.has(aud) : asStrings(aud).some((a) => issuer.audiences.has(a))))
        return badAudience;
      if (scopes.length > 0) {
        const granted = new Set([...asStrings(c.scope), ...asStrings(c.scp)]);
        const ok =
          config.scopeMatch === 'all' ? scopes.every((s) => granted.has(s)) : scopes.some((s) => granted.has(s));
        if (!ok) return insufficient;
      }
      if (roles.size > 0 && !asStrings(claimAt(c, config.rolesClaim)).some((r) => roles.has(r))) return missingRole;
      for (const rule of rules) {
        const value = claimAt(c, rule.path);
        const text =
          typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : null;
        if (text === null || !rule.oneOf.has(text)) return claimMismatch;
      }
      return undefined;
    };

    /** Every claim check: the time-bound ones each call, the others once per verified token. */
    const checkClaims = (v: Verified, now: number): { fail: PolicyFailure } | undefined => {
      const c = v.claims;
      if (typeof c.exp === 'number' && now >= c.exp * 1000 + leewayMs) return expired;
      if (typeof c.nbf === 'number' && now + leewayMs < c.nbf * 1000) return notYetValid;
      if (typeof c.iat === 'number' && now + leewayMs < c.iat * 1000) return notYetValid;
      if (maxAgeMs > 0 && typeof c.iat === 'number' && now - c.iat * 1000 > maxAgeMs + leewayMs) return tooOld;
      if (v.verdict === null) v.verdict = staticVerdict(v);
      return v.verdict;
    };

    /** The forwarded claims as header values, worked out once per verified token. */
    const forwardsOf = (v: Verified): [string, string | null][] =>
      (v.forwards ??= forwarded.map((f) => {
        const value = claimAt(v.claims, f.claim);
        const text = Array.isArray(value)
          ? value.filter((x) => typeof x === 'string').join(',')
          : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
            ? String(value)
            : null;
        return [f.header, text !== null && headerSafe(text) ? text : null];
      }));

    const verifySignature = async (
      token: string,
      key: unknown,
      alg: string,
      issuer: number,
      now: number,
    ): Promise<Verified | { fail: PolicyFailure }> => {
      try {
        const { payload } = await compactVerify(token, key as Uint8Array, { algorithms: [alg] });
        const claims = decodeFromBytes(payload);
        if (!claims) return malformed;
        const result: Verified = {
          claims,
          issuer,
          verdict: null,
          expiresAt: typeof claims.exp === 'number' ? claims.exp * 1000 : now,
        };
        if (remember && result.expiresAt > now) {
          if (verified.size >= rememberedMax) verified.clear();
          verified.set(token, result);
        }
        return result;
      } catch {
        return badSignature;
      }
    };

    const fromLookup = (lookup: KeyLookup) =>
      'key' in lookup ? lookup.key : lookup.missing === 'unknown_kid' ? unknownKid : keysUnavailable;

    /** The token's verified claims, or the refusal; synchronous when the check is remembered. */
    const verify = (
      call: CallState,
    ): Verified | { fail: PolicyFailure } | Promise<Verified | { fail: PolicyFailure }> => {
      const token = bearerOf(call);
      if (token === null) return missing;
      const now = call.request.receivedAt;
      const known = verified.get(token);
      if (known) {
        if (known.expiresAt + leewayMs > now) return known;
        verified.delete(token);
      }
      const parts = token.split('.');
      if (parts.length !== 3 || !parts[0] || !parts[1] || !parts[2]) return malformed;
      const header = decodeSegment(parts[0]);
      const claims = decodeSegment(parts[1]);
      if (!header || !claims) return malformed;
      if (header.crit !== undefined || header.b64 === false) return malformed;
      const alg = header.alg;
      const kid = header.kid;
      if (typeof alg !== 'string' || (kid !== undefined && typeof kid !== 'string')) return malformed;
      // The unverified iss only chooses whose keys verify; the signature then proves it.
      const n = typeof claims.iss === 'string' ? byName.get(claims.iss) : undefined;
      const issuer = n === undefined ? undefined : issuers[n];
      if (n === undefined || !issuer) return unknownIssuer;
      if (alg === 'none' || !issuer.algorithms.has(alg)) return badAlgorithm;
      const lookup = issuer.keys.key(kid, alg, now);
      if (lookup instanceof Promise)
        return lookup.then((l) => {
          const key = fromLookup(l);
          return isFailure(key) ? key : verifySignature(token, key, alg, n, now);
        });
      const key = fromLookup(lookup);
      return isFailure(key) ? key : verifySignature(token, key, alg, n, now);
    };

    const admit = (call: CallState, v: Verified | { fail: PolicyFailure }): RequestOutcome => {
      if ('fail' in v) return v;
      const refused = checkClaims(v, call.request.receivedAt);
      if (refused) return refused;
      const headers = call.request.headers;
      if (forwarded.length > 0)
        for (const [header, text] of forwardsOf(v)) {
          // The caller never sets these itself: the header is the gateway's, carrying the claim or nothing.
          if (text === null) delete headers[header];
          else headers[header] = text;
        }
      if (!config.keepToken) delete headers['authorization'];
      return undefined;
    };

    const name = (call: CallState, v: Verified | { fail: PolicyFailure }): IdentifyOutcome => {
      if ('fail' in v) return v;
      const refused = checkClaims(v, call.request.receivedAt);
      if (refused) return refused;
      const id = claimAt(v.claims, config.clientClaim);
      return typeof id === 'string' && id.length > 0 && id.length <= 200 ? { oauthClientId: id } : noClient;
    };

    return {
      request(call) {
        const v = verify(call);
        return v instanceof Promise ? v.then((r) => admit(call, r)) : admit(call, v);
      },
      ...(config.bindClients
        ? {
            identify(call: CallState) {
              const v = verify(call);
              return v instanceof Promise ? v.then((r) => name(call, r)) : name(call, v);
            },
          }
        : {}),
    };
  },
};

function isFailure(value: unknown): value is { fail: PolicyFailure } {
  return typeof value === 'object' && value !== null && 'fail' in value;
}

function decodeFromBytes(payload: Uint8Array): Claims | null {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(payload));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Claims) : null;
  } catch {
    return null;
  }
}
