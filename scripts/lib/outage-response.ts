import type http from 'node:http';
import { confirmDatabaseDown, isDatabaseDown, retryAfterSeconds } from '@/lib/server/database-status';
import { getLogger } from '@/lib/server/logger';
import { unavailablePage } from '@/lib/server/unavailable-page';

type Method = 'writeHead' | 'write' | 'end';

/**
 * The page request that discovers an outage fails inside Next.js, which answers 500 with its own
 * error page. This watches the first write of a page's response: below 500 it steps aside; at 500
 * or more it holds Next's answer until it knows whether the database is down — then the 503 page
 * goes out in its place, otherwise Next's answer is replayed unchanged. Only error answers are
 * ever held, and those are small.
 *
 * The stand-ins stay on the response for its whole life: Next's compression wraps them in turn,
 * and putting the originals back would bypass it.
 *
 * While the head is held, `res.headersSent` stays false, so Node and Next's compression ask for
 * it again before every write (`_implicitHeader`): only the first `writeHead` is the answer's
 * head, and only it is replayed — replaying the others threw ERR_HTTP_HEADERS_SENT halfway, and
 * the rest of the page (its end included) never went out: the browser waited for minutes.
 */
export function answerOutageInsteadOfServerError(res: http.ServerResponse): void {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let mode: 'undecided' | 'pass' | 'hold' | 'replaced' = 'undecided';
  const held: { method: Method; args: unknown[] }[] = [];
  const call = (method: Method, args: unknown[]): unknown => Reflect.apply(original[method], res, args);

  // Next keeps writing its error page into a response that has ended: those writes go nowhere.
  const swallow = (method: Method, args: unknown[]): unknown => {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return method === 'write' ? true : res;
  };
  const replace = () => {
    mode = 'replaced';
    for (const { method, args } of held.splice(0)) swallow(method, args);
    if (res.headersSent || res.destroyed) return;
    for (const name of res.getHeaderNames()) if (name !== 'x-request-id') res.removeHeader(name);
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(retryAfterSeconds),
      'Cache-Control': 'no-store',
    };
    call('writeHead', [503, headers]);
    call('end', [unavailablePage()]);
  };
  const replay = () => {
    mode = 'pass';
    for (const { method, args } of held.splice(0)) call(method, args);
  };
  // Whatever goes wrong in deciding, the browser is not left waiting for an answer that never ends.
  const decide = (down: boolean) => {
    try {
      if (down) replace();
      else replay();
    } catch (error) {
      getLogger().error({ err: error }, 'a held error answer could not be sent');
      res.destroy();
    }
  };

  const intercept = (method: Method, status: number, args: unknown[]): unknown => {
    if (mode === 'undecided') {
      if (status < 500) mode = 'pass';
      else if (isDatabaseDown()) replace();
      else {
        mode = 'hold';
        void confirmDatabaseDown().then(decide, () => decide(false));
      }
    }
    if (mode === 'pass') return call(method, args);
    if (mode === 'replaced') return swallow(method, args);
    const repeatedHead = method === 'writeHead' && held.some((call) => call.method === 'writeHead');
    if (!repeatedHead) held.push({ method, args });
    return method === 'write' ? true : res;
  };

  res.writeHead = ((...args: unknown[]) => intercept('writeHead', Number(args[0]), args)) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => intercept('write', res.statusCode, args)) as typeof res.write;
  res.end = ((...args: unknown[]) => intercept('end', res.statusCode, args)) as typeof res.end;
}
