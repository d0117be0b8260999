import { isIP } from 'node:net';
import { z } from 'zod';
import { periods, weekdays, type PolicyType } from './definitions';

const lines = (value: unknown) =>
  String(value ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const linesOf = (schema: z.ZodType<string>) => z.preprocess(lines, z.array(schema));
const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());
const wholeNumber = (min: number, what: string) =>
  z.coerce
    .number(`Enter ${what}`)
    .int('Enter a whole number')
    .min(min, `${what[0]?.toUpperCase()}${what.slice(1)} is at least ${min}`)
    .max(1e15);

/** An IPv4 or IPv6 address, or a CIDR range of either. */
export const ipOrRange = z.string().refine((value) => {
  const [address = '', prefix, extra] = value.split('/');
  const family = isIP(address);
  if (!family || extra !== undefined) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits >= 0 && bits <= (family === 4 ? 32 : 128);
}, 'Enter IPv4 or IPv6 addresses or CIDR ranges, one per line');

const headerName = z
  .string()
  .trim()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'Enter a valid header name')
  .refine((name) => name.toLowerCase() !== 'x-api-key', 'X-API-Key is the gateway’s own header and cannot be changed');
const headerLine = z.string().transform((line, ctx) => {
  const at = line.indexOf(':');
  const name = (at < 0 ? line : line.slice(0, at)).trim();
  const parsed = headerName.safeParse(name);
  if (!parsed.success || at < 0) {
    ctx.addIssue({
      code: 'custom',
      message: parsed.success
        ? 'Write each header as Name: value'
        : (parsed.error.issues[0]?.message ?? 'Invalid header'),
    });
    return z.NEVER;
  }
  return { name: parsed.data, value: line.slice(at + 1).trim() };
});
const regex = z.string().refine((source) => {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}, 'Each line must be a valid regular expression');
const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Enter a time as HH:MM (UTC)');

const schemas = {
  RateLimiting: z.object({
    limit: wholeNumber(1, 'a limit'),
    period: z.enum(periods, 'Choose a period'),
    granularity: z.enum(['client', 'api', 'ip'], 'Choose a granularity'),
  }),
  Quota: z.object({
    limit: wholeNumber(1, 'a limit'),
    granularity: z.enum(['client', 'api', 'ip'], 'Choose a granularity'),
  }),
  TransferQuota: z.object({
    limit: wholeNumber(1, 'a number of bytes'),
    direction: z.enum(['upload', 'download', 'both'], 'Choose a direction'),
    period: z.enum(['day', 'month'], 'Choose a period'),
  }),
  IPAllowlist: z.object({
    addresses: linesOf(ipOrRange).pipe(z.array(z.string()).min(1, 'Enter at least one address')),
    responseCode: z.coerce.number().pipe(z.union([z.literal(403), z.literal(404), z.literal(500)])),
  }),
  IPBlocklist: z.object({
    addresses: linesOf(ipOrRange).pipe(z.array(z.string()).min(1, 'Enter at least one address')),
    responseCode: z.coerce.number().pipe(z.union([z.literal(403), z.literal(404), z.literal(500)])),
  }),
  APIKey: z.object({ headerName }),
  Header: z
    .object({
      requestSet: linesOf(z.string()).pipe(z.array(headerLine)),
      requestRemove: linesOf(headerName),
      responseSet: linesOf(z.string()).pipe(z.array(headerLine)),
      responseRemove: linesOf(headerName),
    })
    .refine((c) => c.requestSet.length + c.requestRemove.length + c.responseSet.length + c.responseRemove.length > 0, {
      message: 'Add at least one header rule',
      path: ['requestSet'],
    }),
  IgnoredResources: z.object({
    paths: linesOf(regex).pipe(z.array(z.string()).min(1, 'Enter at least one path pattern')),
  }),
  TimeRestrictedAccess: z
    .object({
      from: time,
      to: time,
      days: z.preprocess(
        (v) => (Array.isArray(v) ? v : lines(v)),
        z.array(z.enum(weekdays)).min(1, 'Choose at least one day'),
      ),
    })
    .refine((c) => c.from !== c.to, { message: 'The window must not be empty', path: ['to'] }),
  BasicAuthentication: z.object({
    realm: z.string().trim().min(1, 'Enter a realm').max(100),
    identities: linesOf(z.string()).pipe(
      z
        .array(
          z.string().transform((line, ctx) => {
            const at = line.indexOf(':');
            const username = (at < 0 ? line : line.slice(0, at)).trim();
            if (!username) {
              ctx.addIssue({ code: 'custom', message: 'Write each identity as username:password' });
              return z.NEVER;
            }
            return { username, password: at < 0 ? '' : line.slice(at + 1) };
          }),
        )
        .min(1, 'Add at least one identity'),
    ),
  }),
  CORS: z.object({
    origins: linesOf(
      z.string().regex(/^(\*|https?:\/\/[^\s/]+)$/, 'Enter origins like https://example.com, or *'),
    ).pipe(z.array(z.string()).min(1, 'Enter at least one origin')),
    methods: z.string().trim().default('GET, POST, PUT, DELETE'),
    headers: z.string().trim().default(''),
    credentials: checkbox,
    maxAge: wholeNumber(0, 'a max age'),
  }),
} satisfies Record<PolicyType, z.ZodType>;

export type PolicyConfig<T extends PolicyType> = z.infer<(typeof schemas)[T]>;

export function parsePolicyConfig(type: PolicyType, values: unknown) {
  return schemas[type].safeParse(values);
}
