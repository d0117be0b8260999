import type http from 'node:http';
import { getLogger } from '@/lib/server/logger';

export type Method = 'writeHead' | 'write' | 'end';

/**
 * Stand-ins for a response's writeHead, write and end that hold what Next.js writes until the
 * caller decides: `release` sends what was held and lets the rest through, `drop` discards it all
 * (so that `send` can answer something else). `watch` sees every call first, with the status, and
 * may decide there — the call it sees then goes the decided way.
 *
 * The stand-ins stay on the response for its whole life: Next's compression wraps them in turn,
 * and putting the originals back would bypass it.
 *
 * While the head is held, `res.headersSent` stays false, so Node and Next's compression ask for it
 * again before every write (`_implicitHeader`): only the first `writeHead` is the answer's head,
 * and only it is replayed — replaying the others threw ERR_HTTP_HEADERS_SENT halfway, and the rest
 * of the page (its end included) never went out: the browser waited for minutes.
 */
export function holdAnswer(res: http.ServerResponse, watch: (method: Method, status: number) => void) {
  const original = { writeHead: res.writeHead, write: res.write, end: res.end };
  let mode: 'hold' | 'pass' | 'drop' = 'hold';
  const held: { method: Method; args: unknown[] }[] = [];
  const send = (method: Method, args: unknown[]): unknown => Reflect.apply(original[method], res, args);

  // Next keeps writing into an answer that was dropped: those writes go nowhere.
  const swallow = (method: Method, args: unknown[]): unknown => {
    const callback = args.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) process.nextTick(callback);
    return method === 'write' ? true : res;
  };
  const intercept = (method: Method, status: number, args: unknown[]): unknown => {
    watch(method, status);
    if (mode === 'pass') return send(method, args);
    if (mode === 'drop') return swallow(method, args);
    const repeatedHead = method === 'writeHead' && held.some((call) => call.method === 'writeHead');
    if (!repeatedHead) held.push({ method, args });
    return method === 'write' ? true : res;
  };
  res.writeHead = ((...args: unknown[]) => intercept('writeHead', Number(args[0]), args)) as typeof res.writeHead;
  res.write = ((...args: unknown[]) => intercept('write', res.statusCode, args)) as typeof res.write;
  res.end = ((...args: unknown[]) => intercept('end', res.statusCode, args)) as typeof res.end;

  // Whatever goes wrong in sending what was held, the browser is not left waiting for an end.
  const safely = (step: () => void) => {
    try {
      step();
    } catch (error) {
      getLogger().error({ err: error }, 'a held answer could not be sent');
      res.destroy();
    }
  };
  return {
    release: () =>
      safely(() => {
        if (mode !== 'hold') return;
        mode = 'pass';
        for (const { method, args } of held.splice(0)) send(method, args);
      }),
    /** Drops what was held and all that follows; `send` answers in its place. */
    drop: () => {
      mode = 'drop';
      for (const { method, args } of held.splice(0)) swallow(method, args);
    },
    send: (status: number, headers: http.OutgoingHttpHeaders, body: string) =>
      safely(() => {
        send('writeHead', [status, headers]);
        send('end', [body]);
      }),
  };
}

/**
 * Sends an answer only once Next has ended it, whole. For server actions: an action that changed
 * something answers its result first and then streams the page rendered afresh in the same
 * answer. The result showed ("Saved") while that render still ran, so a database lost in between
 * failed a render the person no longer waited for, and the error page replaced the page they were
 * typing in. Sent whole, the result arrives with the page it changed, or with its failure.
 */
export function answerWhole(res: http.ServerResponse): void {
  const answer = holdAnswer(res, (method) => {
    if (method === 'end') answer.release();
  });
}
