import type http from 'node:http';
import { confirmDatabaseDown, isDatabaseDown, retryAfterSeconds } from '@/lib/server/database-status';
import { unavailablePage } from '@/lib/server/unavailable-page';
import { holdAnswer } from './held-answer';

/** What is known of the database: lib/server/database-status, or a test's stand-in. */
export interface DatabaseStatus {
  isDatabaseDown(): boolean;
  confirmDatabaseDown(): Promise<boolean>;
}

/**
 * The page request that discovers an outage fails inside Next.js, which answers 500 with its own
 * error page. This watches the first write of a page's response: below 500 it steps aside; at 500
 * or more it holds Next's answer until it knows whether the database is down — then the 503 page
 * goes out in its place, otherwise Next's answer is sent unchanged. Only error answers are ever
 * held, and those are small.
 */
export function answerOutageInsteadOfServerError(
  res: http.ServerResponse,
  database: DatabaseStatus = { isDatabaseDown, confirmDatabaseDown },
): void {
  let decided = false;
  const replace = () => {
    answer.drop();
    if (res.headersSent || res.destroyed) return;
    for (const name of res.getHeaderNames()) if (name !== 'x-request-id') res.removeHeader(name);
    const headers = {
      'Content-Type': 'text/html; charset=utf-8',
      'Retry-After': String(retryAfterSeconds),
      'Cache-Control': 'no-store',
    };
    answer.send(503, headers, unavailablePage());
  };
  const answer = holdAnswer(res, (_method, status) => {
    if (decided) return;
    decided = true;
    if (status < 500) answer.release();
    else if (database.isDatabaseDown()) replace();
    else void database.confirmDatabaseDown().then((down) => (down ? replace() : answer.release()), answer.release);
  });
}
