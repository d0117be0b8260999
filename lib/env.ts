import path from 'node:path';
import { z } from 'zod';
import { environmentProviders } from '@/lib/auth/sso/config';
import { ClientIpResolver } from '@/lib/net/client-ip';

/**
 * Portico's configuration: every environment variable it reads, with its default and meaning, in
 * one place. The README's configuration tables are written from `variables` and `harnessVariables`
 * (`npx tsx scripts/readme-config.ts --write`), and a test fails when they disagree.
 *
 * Values are read at first use, not at import: the start script writes some before the Next.js
 * bundle reads them (AUTH_SECRET, GATEWAY_PORT when 0 let the system choose), and tests set some
 * before calling. Each value is parsed again only when its text changed. An empty or blank value
 * counts as unset. Framework variables (NODE_ENV, NEXT_RUNTIME, NEXT_TELEMETRY_DISABLED) belong to
 * Next.js and are read where it sets them.
 */

export type EnvSource = Record<string, string | undefined>;

interface Variable<T> {
  /** What the table shows in the default column. */
  shown: string;
  meaning: string;
  /** An error about it never repeats the value (it may hold a password or a token). */
  secret: boolean;
  /** Parses the trimmed value, or undefined when unset; a ZodError's message names the problem. */
  schema: z.ZodType<T, string | undefined>;
}

function variable<T>(
  shown: string,
  meaning: string,
  schema: z.ZodType<T, string | undefined>,
  options: { secret?: boolean } = {},
): Variable<T> {
  return { shown, meaning, schema, secret: options.secret ?? false };
}

const port = () =>
  z
    .string()
    .regex(/^\d{1,5}$/, 'is not a port number (0 to 65535)')
    .transform(Number)
    .refine((n) => n <= 65535, 'is not a port number (0 to 65535)')
    .optional();

const flag = (fallback: boolean) =>
  z
    .string()
    .toLowerCase()
    .pipe(z.enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'], 'is not 1/0, true/false, on/off or yes/no'))
    .transform((value) => ['1', 'true', 'on', 'yes'].includes(value))
    .optional()
    .transform((value) => value ?? fallback);

const positive = (fallback: number, whole: boolean) =>
  z
    .string()
    .transform(Number)
    .refine(
      (n) => Number.isFinite(n) && n > 0 && (!whole || Number.isInteger(n)),
      whole ? 'is not a whole number above 0' : 'is not a number above 0',
    )
    .optional()
    .transform((n) => n ?? fallback);

/**
 * An http(s) address in its normal spelling (scheme and host in lower case) without trailing
 * slashes, so paths can be appended to it and its scheme read with a plain string comparison.
 */
const webAddress = z
  .string()
  .refine((value) => {
    try {
      return ['http:', 'https:'].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, 'is not an http:// or https:// address')
  .transform((value) => new URL(value).href.replace(/\/+$/, ''))
  .optional();

const urlOf = (protocols: string[], what: string) =>
  z
    .string()
    .refine((value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    }, `is not a ${what} URL`)
    .optional();

const text = z.string().optional();

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export const variables = {
  PORT: variable(
    '`3000`',
    'port of the console, portal and (unless `GATEWAY_PORT` is set) gateway',
    port().transform((n) => n ?? 3000),
  ),
  HOST: variable(
    '`127.0.0.1`',
    'interface to listen on; `0.0.0.0` to serve other machines',
    text.transform((value) => value ?? '127.0.0.1'),
  ),
  DATABASE_URL: variable(
    '—',
    'PostgreSQL connection URL (`postgres://…`); unset means the embedded database',
    urlOf(['postgres:', 'postgresql:'], 'postgres://'),
    { secret: true },
  ),
  PORTICO_DATA_DIR: variable(
    '`./data`',
    'folder of the embedded database (PGlite) and the kept auth secret',
    text.transform((value) => path.resolve(/*turbopackIgnore: true*/ value ?? 'data')),
  ),
  PORTICO_SEED: variable(
    'off',
    '`1` seeds the demo data into an empty PostgreSQL database at start-up (the embedded database is always seeded when empty)',
    flag(false),
  ),
  PORTICO_DB_POOL: variable('`10`', 'PostgreSQL connections per process', positive(10, true)),
  PORTICO_SELF_REGISTRATION: variable(
    'on',
    '`0` switches off portal self-registration (*Register* on the sign-in page)',
    flag(true),
  ),
  PORTICO_PUBLIC_URL: variable(
    "the request's origin",
    "the address people reach Portico at (`https://…` also makes the session cookies `Secure` behind a TLS-terminating proxy); `X-Forwarded-Host/-Proto` count for the request's origin only from `PORTICO_TRUSTED_PROXIES`",
    webAddress,
  ),
  PORTICO_GATEWAY_URL: variable(
    'the public origin (on `GATEWAY_PORT` when set)',
    'the address callers reach the gateway at: every endpoint, `curl` example and `openapi.json` server the console and portal show',
    webAddress,
  ),
  PORTICO_METRICS_TOKEN: variable(
    '—',
    'bearer token `/gateway/_metrics` asks for (`Authorization: Bearer …`); unset, it answers callers on this machine only (127.0.0.0/8, `::1`)',
    text,
  ),
  PORTICO_METRICS_RAW_DAYS: variable(
    '`7`',
    'days each gateway call is kept as a raw row (the *Last 50 calls* tables); per-minute, hourly and daily roll-ups (the charts) are kept 90 days',
    positive(7, false),
  ),
  PORTICO_METRICS_RECORDING: variable(
    'on',
    '`0` makes the gateway record no calls (no Metrics, no Prometheus counts); for measuring what recording costs',
    flag(true),
  ),
  PORTICO_METRICS_RETENTION: variable(
    'on',
    '`0` stops a standalone gateway (`npm run gateway`) from removing old metrics, when `npm start` or another gateway does it',
    flag(true),
  ),
  PORTICO_EVENTS_POLL_MS: variable(
    '`2000`',
    'how often, in milliseconds, the event dispatcher of `npm start` looks for due deliveries: retries, and events other processes recorded (a command of its own process wakes it at its commit)',
    positive(2000, true),
  ),
  AUTH_SECRET: variable(
    'generated',
    'signs sessions; when unset Portico generates one on first start and keeps it in `PORTICO_DATA_DIR/auth-secret`',
    text,
  ),
  PORTICO_SSO_PROVIDERS: variable(
    '—',
    'single sign-on providers given by the environment rather than Administration → Sign-in: a JSON array of `{"slug","name","issuer","clientId","clientSecret"}` with the optional settings of [docs/sso.md](docs/sso.md); shown read-only in the console',
    z
      .string()
      .transform((value, context) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          context.addIssue({ code: 'custom', message: 'is not JSON' });
          return z.NEVER;
        }
      })
      .pipe(environmentProviders)
      .optional()
      .transform((value) => value ?? []),
    { secret: true },
  ),
  PORTICO_SSO_BREAK_GLASS_EMAIL: variable(
    'the oldest administrator',
    'the local administrator who keeps password sign-in whatever single sign-on requires (break-glass); each of their password sign-ins is logged',
    z.string().trim().toLowerCase().pipe(z.email('is not an email address')).optional(),
  ),
  PORTICO_TOKEN_KEY: variable(
    'derived from `AUTH_SECRET`',
    "key of the HMAC-SHA-256 the management API's access tokens are stored as; changing it (or `AUTH_SECRET` while this is unset) makes every issued token unknown",
    text,
    { secret: true },
  ),
  PORTICO_TOKEN_MAX_DAYS: variable(
    '`365`',
    'the longest expiry, in days, an access token may be given (at most 365; new tokens default to 90 days or this, whichever is shorter)',
    positive(365, true).refine((days) => days <= 365, 'is more than 365 days'),
  ),
  AUTH_TRUST_HOST: variable(
    '`true`',
    'read by Auth.js, which needs it behind `next start`-style servers; set by the start script',
    text,
  ),
  GATEWAY_PORT: variable(
    '`8080` standalone; unset in `npm start`',
    'port of a standalone gateway (`npm run gateway`); set for `npm start`, the gateway listens there — an origin of its own — and `PORT` no longer serves `/gateway/` (404); `0` lets the system choose',
    port(),
  ),
  PORTICO_TRUSTED_PROXIES: variable(
    '—',
    "comma-separated addresses or CIDR ranges of the reverse proxies in front of Portico; behind them the first untrusted hop of `X-Forwarded-For` is the caller's address, for the gateway's IP policies and for sign-in throttling (otherwise the socket's; the header alone is never believed)",
    z
      .string()
      .superRefine((value, context) => {
        try {
          new ClientIpResolver(value);
        } catch (error) {
          // The resolver's message names the entry; the variable's name is added by the caller.
          const message = error instanceof Error ? error.message : String(error);
          context.addIssue({
            code: 'custom',
            message: `— ${message.replace(/^PORTICO_TRUSTED_PROXIES: /, '').replace(/\.$/, '')}`,
          });
        }
      })
      .optional()
      .transform((value) => value ?? ''),
  ),
  PORTICO_MAX_CONNECTIONS_PER_ADDRESS: variable(
    '`256`',
    "concurrent connections one client address may hold on the server serving the gateway (`npm start`'s or `npm run gateway`'s); one more is closed at once; the trusted proxies are not counted",
    positive(256, true),
  ),
  PORTICO_MAX_BACKEND_CONNECTIONS: variable(
    '`256`',
    'connections the gateway opens to one backend origin; further calls wait for one',
    positive(256, true),
  ),
  REDIS_URL: variable(
    '—',
    "Redis for the gateway's policy counters (rate limits, quotas), shared by every gateway; unset, they live in PostgreSQL (or in memory on the embedded database)",
    urlOf(['redis:', 'rediss:'], 'redis://'),
    { secret: true },
  ),
  PORTICO_REDIS_PREFIX: variable('—', 'prefix of the Redis keys, so several installations can share one Redis', text),
  PORTICO_API_RATE_LIMIT: variable(
    '`600`',
    'requests per minute one access token may make to the management API (`/api/v1`), counted per process; more are answered 429 with `Retry-After`',
    positive(600, true),
  ),
  PORTICO_API_CORS_ORIGINS: variable(
    '—',
    'comma-separated origins (`https://tools.example.com`) whose browser scripts may call the management API; unset, it answers no cross-origin request',
    z
      .string()
      .transform((value, context) => {
        const origins = value
          .split(',')
          .map((entry) => entry.trim())
          .filter(Boolean);
        for (const origin of origins) {
          let parsed: URL | null = null;
          try {
            parsed = new URL(origin);
          } catch {
            parsed = null;
          }
          if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.origin !== origin.replace(/\/+$/, ''))
            context.addIssue({ code: 'custom', message: `— ${origin} is not an origin (scheme://host[:port])` });
        }
        return origins.map((origin) => origin.replace(/\/+$/, ''));
      })
      .optional()
      .transform((value) => value ?? []),
  ),
  PORTICO_WEBHOOK_ALLOW_PRIVATE: variable(
    'off',
    '`1` lets webhooks reach private, loopback, link-local and other non-public addresses (and `http://`); for tests and closed networks only: anyone who may add a webhook can then make Portico call inside your network',
    flag(false),
  ),
  SMTP_URL: variable(
    '—',
    "mail server for Portico's email (`smtp://user:pass@host:587`); STARTTLS is required unless the URL ends in `?tls=off` (a test server), `smtps://` uses implicit TLS; unset, each mail is written to the log instead (development)",
    urlOf(['smtp:', 'smtps:'], 'smtp:// or smtps://').refine((value) => {
      if (value === undefined) return true;
      const tls = new URL(value).searchParams.get('tls');
      return tls === null || tls === 'off';
    }, 'has a tls= other than off'),
    { secret: true },
  ),
  MAIL_FROM: variable(
    '`Portico <portico@localhost>`',
    "the sender of Portico's email: an address, or `Name <address>`",
    z
      .string()
      .refine((value) => {
        const address = /<([^<>]+)>$/.exec(value)?.[1] ?? value;
        return z.email().safeParse(address.trim()).success && !/[\r\n]/.test(value);
      }, 'is not an email address nor `Name <address>`')
      .optional()
      .transform((value) => value ?? 'Portico <portico@localhost>'),
  ),
  LOG_LEVEL: variable(
    '`info`',
    "`trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`: the structured log's level (one JSON line per event on stdout; readable lines under `npm run dev`)",
    z
      .enum(logLevels, `is not one of ${logLevels.join(', ')}`)
      .optional()
      .transform((value) => value ?? 'info'),
  ),
  PORTICO_LOG_PRETTY: variable('on under `npm run dev`', '`1` writes readable log lines instead of JSON', flag(false)),
} satisfies Record<string, Variable<unknown>>;

export type EnvName = keyof typeof variables;
export type EnvValue<K extends EnvName> = z.output<(typeof variables)[K]['schema']>;

/**
 * Variables only the test and benchmark harness reads (test files, `scripts/test.ts`, Playwright
 * configs): documented here, read where they are used — a running Portico never looks at them.
 */
export const harnessVariables: Record<string, { shown: string; meaning: string }> = {
  TEST_DATABASE_URL: {
    shown: '—',
    meaning:
      'for `npm test`: also run the database tests and the end-to-end suite against this (local) PostgreSQL server',
  },
  TEST_REDIS_URL: {
    shown: '`redis://127.0.0.1:6379`',
    meaning: 'Redis for the shared-counter tests',
  },
  E2E_PORT: { shown: '`3211`', meaning: 'port of the server the Playwright suite starts' },
  E2E_OPERATIONS_PORT: {
    shown: '`E2E_PORT` + 10',
    meaning: 'port of the server the operations suite (`playwright.operations.config.ts`) starts',
  },
  E2E_DATABASE_URL: {
    shown: '—',
    meaning: 'PostgreSQL database for the Playwright suite (set by `npm test` from `TEST_DATABASE_URL`)',
  },
};

/** Configuration that cannot be used; its message names each variable, one line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function parse<K extends EnvName>(name: K, raw: string | undefined): EnvValue<K> {
  const value = raw?.trim() || undefined;
  const schema = variables[name].schema as z.ZodType<EnvValue<K>, string | undefined>;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const reason = result.error.issues[0]?.message ?? 'is not valid';
  throw new ConfigError([
    variables[name].secret ? `${name}: the value ${reason}.` : `${name}: ${JSON.stringify(value)} ${reason}.`,
  ]);
}

// Per variable, the last text read from process.env and its value: a read is a look-up and a
// string comparison, yet a changed value (a test, the start script) is seen at once.
const cache = new Map<EnvName, { raw: string | undefined; value: unknown }>();

/**
 * One configuration value, parsed and with its default. `source` is for tests (and callers handed
 * an environment); the process's own environment is the default.
 */
export function env<K extends EnvName>(name: K, source: EnvSource = process.env): EnvValue<K> {
  const raw = source[name];
  if (source !== process.env) return parse(name, raw);
  const hit = cache.get(name);
  if (hit && hit.raw === raw) return hit.value as EnvValue<K>;
  const value = parse(name, raw);
  cache.set(name, { raw, value });
  return value;
}

/**
 * Checks every variable at once, for a start-up script to refuse bad configuration before doing
 * anything, naming each variable that is wrong.
 */
export function checkEnv(source: EnvSource = process.env): void {
  const problems: ConfigError['problems'] = [];
  for (const name of Object.keys(variables) as EnvName[]) {
    try {
      env(name, source);
    } catch (error) {
      if (error instanceof ConfigError) problems.push(...error.problems);
      else throw error;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Markdown tables of `variables` and `harnessVariables`, as the README holds them. */
export function configurationTables(): { runtime: string; harness: string } {
  const table = (rows: [string, { shown: string; meaning: string }][]) =>
    [
      '| variable | default | meaning |',
      '|---|---|---|',
      ...rows.map(([name, { shown, meaning }]) => `| \`${name}\` | ${shown} | ${meaning} |`),
    ].join('\n');
  return { runtime: table(Object.entries(variables)), harness: table(Object.entries(harnessVariables)) };
}
