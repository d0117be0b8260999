import { z } from 'zod';
import type { PolicyFailure, PolicyType } from '../contract';

/**
 * Helpers the policy type modules share: size limits, form-input parsing and refusals. Like the
 * modules, free of Node-only imports so the editor can load them in the browser.
 */

/** Size limits every configuration obeys (issue 12), so no stored policy can weigh on the gateway. */
export const limits = {
  configBytes: 64 * 1024,
  headerNameBytes: 256,
  headerValueBytes: 8 * 1024,
  ipEntries: 1000,
  identities: 100,
  windows: 50,
  patterns: 100,
  patternLength: 1000,
  origins: 100,
  tokens: 50,
} as const;

const utf8 = new TextEncoder();
export const byteLength = (text: string) => utf8.encode(text).length;

/** Form textareas hold one item per line; stored configurations hold arrays. */
export function lines(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return value ?? [];
  return value
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
}

export const linesOf = <T extends z.ZodType>(item: T, max: number, noun: string) =>
  z.preprocess(lines, z.array(item, `Enter ${noun}, one per line`).max(max, `Enter at most ${max} ${noun}`));

export const checkbox = z.preprocess((v) => v === true || v === 'on' || v === 'true', z.boolean());

/**
 * A whole number from a form string or a stored number. Strict on purpose: `[5]`, `"0x10"`,
 * `"1e3"` and `" "` are refused rather than coerced (z.coerce.number would accept them).
 */
export const wholeNumber = (min: number, what: string, max = Number.MAX_SAFE_INTEGER) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,16}\s*$/.test(v) ? Number(v) : v),
    z
      .number(`Enter ${what} as a whole number`)
      .int(`Enter ${what} as a whole number`)
      .min(min, `${what[0]?.toUpperCase()}${what.slice(1)} is at least ${min}`)
      .max(max, `${what[0]?.toUpperCase()}${what.slice(1)} is at most ${max}`),
  );

/** One of a closed set of numbers, from a form string or a stored number. */
export const numberChoice = <T extends readonly [number, ...number[]]>(choices: T, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\d{1,4}$/.test(v) ? Number(v) : v),
    z.number(message).refine((n): n is T[number] => choices.includes(n), message),
  );

/**
 * Headers the gateway owns: the key, and what framing and routing depend on. A policy that could
 * set them could smuggle requests or impersonate another client.
 */
export const reservedHeaders = new Set([
  'x-api-key',
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'proxy-connection',
]);

const tokenChars = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
export const headerName = z
  .string()
  .trim()
  .min(1, 'Enter a header name')
  .refine((n) => byteLength(n) <= limits.headerNameBytes, `Header names are at most ${limits.headerNameBytes} bytes`)
  .refine((n) => tokenChars.test(n), 'Enter a valid header name (letters, digits and - only, no spaces)')
  .refine((n) => !reservedHeaders.has(n.toLowerCase()), {
    error: (issue) => `${String(issue.input)} is managed by the gateway and cannot be changed by a policy`,
  });

/** Visible ASCII, tab and obs-text only: Node refuses anything else, and CR/LF would split headers. */
export const headerValue = z
  .string()
  .refine((v) => byteLength(v) <= limits.headerValueBytes, `Header values are at most 8 KB`)
  .refine((v) => !/[^\t\x20-\x7e]/.test(v), 'Header values may not contain line breaks or control characters');

/** A policy refusal with the type filled in. */
export const refuse = (
  type: PolicyType,
  status: number,
  code: string,
  message: string,
  headers?: Record<string, string>,
): { fail: PolicyFailure } => ({
  fail: headers ? { status, type, code, message, headers } : { status, type, code, message },
});

/** Splits a comma-separated list ("GET, POST") into trimmed tokens. */
export function tokens(value: unknown): unknown {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return value ?? [];
  return value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}

/**
 * A list item written as a form line or stored as an object. One schema instead of a union, so
 * the field message is the real reason ("… is managed by the gateway"), not "Invalid input".
 * `fromLine` answers the item or the message refusing it.
 */
export const lineOrStored = <T extends object>(fromLine: (line: string) => T | string, stored: z.ZodType<T>) =>
  z.unknown().transform((item, ctx): T => {
    let result: T | string;
    if (typeof item === 'string') result = fromLine(item);
    else {
      const parsed = stored.safeParse(item);
      result = parsed.success ? parsed.data : (parsed.error.issues[0]?.message ?? 'Invalid entry');
    }
    if (typeof result !== 'string') return result;
    ctx.addIssue({ code: 'custom', message: result });
    return z.NEVER;
  });
