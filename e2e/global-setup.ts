/** Refuses to run the end-to-end suite against anything but a local database: it writes freely. */
export default function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (!url) return;
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
    throw new Error(`E2E_DATABASE_URL points at ${host}: the end-to-end suite only runs against a local database.`);
  }
}
