import { mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { demoPassword, demoPeople } from '@/lib/demo/people';
import { freePort, root, startProcess } from './bench-gateway-targets';

/**
 * Portico under `npm run bench -- pages`: `npm start` from the production build, demo data seeded,
 * on PGlite in a folder of its own or on a fresh database of a PostgreSQL server (dropped after);
 * the demo people signed in over HTTP as a browser does, and an access token made by the Account
 * page's action, over HTTP too (the server owns its data folder).
 */
export interface PorticoServer {
  base: string;
  pid: number | undefined;
  /** The session cookie of the demo admin (console) and developer (portal). */
  cookies: { admin: string; developer: string };
  /** The admin's access token (scope clients:read). */
  token: string;
  stop(): Promise<void>;
}

export async function startPortico(dir: string, databaseUrl: string): Promise<PorticoServer> {
  const port = await freePort();
  const { child, stop } = await startProcess(process.execPath, ['scripts/run.mjs', 'scripts/start.ts'], {
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      PORTICO_DATA_DIR: mkdtempSync(path.join(dir, 'data-')),
      DATABASE_URL: databaseUrl,
      GATEWAY_PORT: '',
      PORTICO_SEED: '1',
      LOG_LEVEL: 'warn',
      // 600 a minute by default: the REST row makes that many in well under a second.
      PORTICO_API_RATE_LIMIT: '1000000000',
    },
    ready: /Portico is running/,
    cpus: 'measured',
  });
  try {
    const base = `http://127.0.0.1:${port}`;
    const admin = await signIn(base, demoPeople.admin.email);
    const developer = await signIn(base, demoPeople.developer.email);
    const token = await makeToken(base, admin);
    return { base, pid: child.pid, cookies: { admin, developer }, token, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

const cookiesOf = (response: Response, prefix = '') =>
  response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(';')[0] ?? '')
    .filter((cookie) => cookie.startsWith(prefix));

/** Auth.js's credentials sign-in, as the form posts it: its CSRF token, then the email and password. */
async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
  if (!csrfToken) throw new Error(`${base}/api/auth/csrf answered no token (${csrf.status})`);
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookiesOf(csrf).join('; ') },
    body: new URLSearchParams({ csrfToken, email, password: demoPassword, callbackUrl: `${base}/` }),
  });
  // The session may come in chunks (`authjs.session-token.0`, `.1`) when large.
  const session = cookiesOf(response, 'authjs.session-token');
  if (!session.length)
    throw new Error(`signing in as ${email} failed: ${response.status} to ${response.headers.get('location')}`);
  return session.join('; ');
}

/** The server action's id in the production build Portico serves. */
function actionId(name: string): string {
  const file = path.join(root, '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as {
    node: Record<string, { exportedName?: string; filename?: string }>;
  };
  const found = Object.entries(manifest.node).find(
    ([, action]) => action.exportedName === name && action.filename?.endsWith('app/actions/account.ts'),
  );
  if (!found) throw new Error(`no server action ${name} in ${file}`);
  return found[0];
}

/** Posts the Account page's "Create token" action, as its form does, and reads the token answered once. */
async function makeToken(base: string, cookie: string): Promise<string> {
  const response = await fetch(`${base}/console/account`, {
    method: 'POST',
    headers: {
      'next-action': actionId('createAccessTokenAction'),
      accept: 'text/x-component',
      'content-type': 'text/plain;charset=UTF-8',
      origin: base,
      cookie,
    },
    body: JSON.stringify([{ name: `Pages bench ${Date.now()}`, scopes: ['clients:read'] }]),
  });
  const text = await response.text();
  const token = /ptc_[0-9A-Za-z]{12}_[A-Za-z0-9_-]{43}/.exec(text)?.[0];
  if (!token) throw new Error(`no token made (${response.status}): ${text.slice(0, 500)}`);
  return token;
}

/** A fresh database on the PostgreSQL server at `serverUrl`, and how to drop it. */
export async function freshDatabase(serverUrl: string) {
  const name = `portico_bench_pages_${Date.now()}`;
  const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
