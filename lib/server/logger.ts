import pino, { type Logger } from 'pino';
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

export function createLogger(destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: process.env.LOG_LEVEL ?? 'info',
    base: { pid: process.pid },
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.errWithCause },
    mixin() {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
  };
  if (destination) return pino(options, destination);
  if (process.env.PORTICO_LOG_PRETTY === '1') {
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
