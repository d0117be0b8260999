import { sql } from 'drizzle-orm';
import { getDb } from '@/db';
import { getLogger } from './logger';

/** What a person is told, on a page or after an action, while PostgreSQL cannot be reached. */
export const databaseUnavailableMessage = 'Portico cannot reach its database right now; it retries by itself.';
/** Seconds a browser or load balancer is asked to wait before trying again. */
export const retryAfterSeconds = 5;

// Connection-level failures: the database is unreachable, not the request wrong.
const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
]);
// SQLSTATE: class 08 connection exceptions, shutdowns, too many connections, statement timeout.
const unavailableStates = /^(08...|57P0[123]|53300|57014)$/;

/** Whether an error (or any error in its cause chain) says the database cannot be reached. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const e = pending.pop();
    if (!e || typeof e !== 'object' || seen.has(e)) continue;
    seen.add(e);
    const { code, cause, errors, err } = e as { code?: unknown; cause?: unknown; errors?: unknown; err?: unknown };
    if (typeof code === 'string' && (networkCodes.has(code) || unavailableStates.test(code))) return true;
    // Auth.js keeps the original error in `cause.err`.
    pending.push(cause, err);
    if (Array.isArray(errors)) pending.push(...errors);
  }
  return false;
}

interface Status {
  down: boolean;
  probing: boolean;
}
const key = Symbol.for('portico.database-status');
type Holder = { [key]?: Status };
const status = (): Status => ((globalThis as Holder)[key] ??= { down: false, probing: false });

/** True from a connection failure until a probe reaches the database again. */
export function isDatabaseDown(): boolean {
  return status().down;
}

/**
 * Tells the status about a failed database call. An outage marks the database down and starts a
 * probe (every 250 ms), so pages answer 503 at once instead of each waiting for a timeout, and the
 * first request after the database is back goes through. Returns whether it was an outage.
 */
export function reportDatabaseError(error: unknown): boolean {
  if (!isDatabaseUnavailable(error)) return false;
  const current = status();
  if (!current.down) getLogger().warn({ err: error }, 'database unreachable');
  current.down = true;
  if (!current.probing) void probeUntilBack(current);
  return true;
}

/** Asks the database directly: for a server error whose cause was not seen (yet). */
export async function confirmDatabaseDown(): Promise<boolean> {
  if (isDatabaseDown()) return true;
  try {
    await getDb().execute(sql`select 1`);
    return false;
  } catch (error) {
    return reportDatabaseError(error);
  }
}

const probeIntervalMs = 250;

async function probeUntilBack(current: Status): Promise<void> {
  current.probing = true;
  try {
    while (current.down) {
      const started = Date.now();
      try {
        await getDb().execute(sql`select 1`);
        current.down = false;
        getLogger().info('database reachable again');
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, probeIntervalMs - (Date.now() - started))));
      }
    }
  } finally {
    current.probing = false;
  }
}
