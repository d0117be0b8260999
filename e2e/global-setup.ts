import { assertLocalServer } from '../test/local-database';

/** Refuses to run the end-to-end suite against anything but a local database: it writes freely. */
export default function globalSetup() {
  const url = process.env.E2E_DATABASE_URL;
  if (url) assertLocalServer(url, 'E2E_DATABASE_URL');
}
