import postgres from 'postgres';
import { operationsSettings } from './settings';

/**
 * Faults other than an outage, made straight on the operations database (not through the proxy):
 * a table Portico reads taken away under another name makes every query of it fail with
 * "relation does not exist" — a page that cannot render, while the database stays reachable.
 */
export async function withTableAway<T>(table: string, run: () => Promise<T>): Promise<T> {
  const settings = operationsSettings();
  const url = new URL(settings.serverUrl);
  url.pathname = `/${settings.databaseName}`;
  const sql = postgres(url.toString(), { onnotice: () => {}, max: 1 });
  const away = `${table}_away`;
  try {
    await sql.unsafe(`alter table "${table}" rename to "${away}"`);
    try {
      return await run();
    } finally {
      await sql.unsafe(`alter table "${away}" rename to "${table}"`);
    }
  } finally {
    await sql.end();
  }
}
