/** Hosts that name this machine: the only database servers tests may create, fill and drop databases on. */
const localHosts = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Refuses any server but this machine's, naming the variable that pointed elsewhere. The one guard for
 * Vitest (test/database.ts), `npm test` (scripts/test.ts) and Playwright (e2e/global-setup.ts).
 */
export function assertLocalServer(serverUrl: string, variable = 'TEST_DATABASE_URL'): URL {
  const url = new URL(serverUrl);
  if (!localHosts.has(url.hostname))
    throw new Error(`${variable} points at ${url.hostname || 'no host'}: tests only use a local PostgreSQL server.`);
  return url;
}
