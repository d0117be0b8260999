/**
 * Ports and database of the operations suite, derived from E2E_OPERATIONS_PORT (default: the main
 * suite's port + 10) so that it can run beside the main suite and beside other checkouts.
 */
export function operationsSettings() {
  const port = Number(process.env.E2E_OPERATIONS_PORT ?? Number(process.env.E2E_PORT ?? 3211) + 10);
  // The machine's PostgreSQL (CI's TEST_DATABASE_URL server when given): an outage needs a server.
  const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const databaseName = `portico_operations_e2e_${port}`;
  const server = new URL(serverUrl);
  const databaseUrl = new URL(serverUrl);
  databaseUrl.host = `127.0.0.1:${port + 2}`;
  databaseUrl.pathname = `/${databaseName}`;
  return {
    port,
    baseURL: `http://127.0.0.1:${port}`,
    controlPort: port + 1,
    controlUrl: `http://127.0.0.1:${port + 1}`,
    databaseProxyPort: port + 2,
    serverUrl,
    serverHost: server.hostname,
    databaseName,
    /** Portico's DATABASE_URL: through the proxy. */
    databaseUrl: databaseUrl.toString(),
  };
}
