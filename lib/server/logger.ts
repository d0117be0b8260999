import pino, { type Logger } from 'pino';
import { env } from '@/lib/env';
import { currentRequestId } from './request-context';

/**
 * The process's structured log: one JSON line per event on stdout, `LOG_LEVEL` (default `info`),
 * readable lines under `npm run dev` (PORTICO_LOG_PRETTY, set by the start script). Secrets never
 * reach a line: the paths below are censored wherever they appear, and request lines carry the
 * path without its query string (a gateway key may travel there).
 */
export const redactedPaths = [
  'password',
  '*.password',
  'newPassword',
  '*.newPassword',
  'key',
  '*.key',
  'apiKey',
  '*.apiKey',
  'token',
  '*.token',
  'sessionToken',
  '*.sessionToken',
  'secret',
  '*.secret',
  'cookie',
  '*.cookie',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers.cookie',
  '*.headers["set-cookie"]',
  '*.headers["x-api-key"]',
];

/**
 * An error with its cause chain, without the values a failed query was given: drizzle puts them
 * in `params` and in its message, and they may hold a key or a hash.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.errWithCause(error as Error) as Record<string, unknown>;
  return withoutParams(serialized, 0);
}

function withoutParams(value: unknown, depth: number): unknown {
  if (!value || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => withoutParams(item, depth + 1));
  const result: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    if (name === 'params') continue;
    if ((name === 'message' || name === 'stack') && typeof field === 'string') {
      // In a stack the values run up to the first frame; in a message, to its end.
      result[name] = field.replace(name === 'stack' ? /\nparams: [\s\S]*?(?=\n\s+at )/ : /\nparams: [\s\S]*$/, '');
    } else result[name] = withoutParams(field, depth + 1);
  }
  return result;
}

export function createLogger(destination?: pino.DestinationStream, level: string = env('LOG_LEVEL')): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { pid: process.pid },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: serializeError },
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  if (destination) return pino(options, destination);
  if (env('PORTICO_LOG_PRETTY')) {
    return pino({ ...options, transport: { target: 'pino-pretty', options: { ignore: 'pid,hostname' } } });
  }
  return pino(options);
}

// One logger per process, shared by the start script and the Next.js bundle (each holds its own
// copy of this module).
const key = Symbol.for('portico.logger');
type Holder = { [key]?: Logger };

export function getLogger(): Logger {
  const holder = globalThis as Holder;
  holder[key] ??= createLogger();
  return holder[key];
}

/** For tests: makes `logger` the process's log until the returned function puts the old one back. */
export function replaceLogger(logger: Logger): () => void {
  const holder = globalThis as Holder;
  const previous = holder[key];
  holder[key] = logger;
  return () => {
    if (previous) holder[key] = previous;
    else delete holder[key];
  };
}
