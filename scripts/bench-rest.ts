import './server-only-shim';
import type { Db } from '@/db';
import { listClientVersions } from '@/lib/queries/clients';
import { cursorPage } from '@/lib/queries/page';
import { handleRest } from '@/lib/rest/handle';
import { restRoutes } from '@/lib/rest/table';
import { createAccessToken } from '@/lib/tokens/commands';
import { addBenchRows, createBenchLists, type BenchLists } from './bench-lists-data';
import { alternatingMedians, maintainAsTheProduct, openBenchDatabase, runs } from './bench-support';

/**
 * `npm run bench -- rest`: the management API as a script meets it. (a) The client list
 * (`GET /api/v1/organizations/{org}/clients`, first page) at 100 and 100,000 clients side by side,
 * through the dispatcher with an access token made by the Account page's command, the answer read
 * to its end; (b) what the token costs each request: that same GET against the list's query alone,
 * as the route's handler asks it, for the caller already loaded: no token, owner lookup, rate
 * limit or dispatch. The data is
 * scripts/bench-lists-data.ts's, maintained as the product maintains it; the rounds alternate.
 */
const sizes = [100, 100_000] as const;
const listPath = (org: string) => `/organizations/${org}/clients`;

async function tokenFor(db: Db, bench: BenchLists): Promise<string> {
  const made = await createAccessToken(
    { db, caller: bench.caller },
    { name: 'Bench', scopes: ['clients:read', 'organizations:read'] },
  );
  if (!made.ok) throw new Error(`token not made: ${made.message}`);
  return made.data.token;
}

/** The GET as a caller makes it: the whole answer read, refused answers fail the bench. */
function restGet(db: Db, org: string, token: string) {
  return async () => {
    const response = await handleRest(
      new Request(`http://portico.bench/api/v1${listPath(org)}`, { headers: { authorization: `Bearer ${token}` } }),
      { db, routes: restRoutes, documents: {} },
    );
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${listPath(org)} answered ${response.status}: ${text}`);
  };
}

/** The list's query alone, with what the listClients handler (lib/rest/routes/clients.ts) passes it. */
function queryAlone(db: Db, bench: BenchLists) {
  const route = restRoutes.find((r) => r.operationId === 'listClients');
  if (!route?.query) throw new Error('no listClients route');
  const query = route.query.parse({}) as Parameters<typeof cursorPage>[0] & { q: string };
  return async () => {
    await listClientVersions(db, bench.caller, {
      ...cursorPage(query),
      q: query.q,
      org: bench.orgSlug,
      status: '',
      sort: 'name',
      dir: 'asc',
    });
  };
}

const ms = (n: number) => `${n.toFixed(2)} ms`.padStart(10);

export async function benchRest() {
  const opened: Awaited<ReturnType<typeof openBenchDatabase>>[] = [];
  try {
    const rest: (() => Promise<void>)[] = [];
    const alone: (() => Promise<void>)[] = [];
    for (const size of sizes) {
      const bench = await openBenchDatabase();
      opened.push(bench);
      await bench.database.migrate();
      const lists = await createBenchLists(bench.database);
      const started = Date.now();
      await addBenchRows(bench.database, lists, 1, size);
      console.log(`${size.toLocaleString('en-US')} clients loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`);
      const token = await tokenFor(bench.database.db, lists);
      rest.push(restGet(bench.database.db, lists.orgSlug, token));
      alone.push(queryAlone(bench.database.db, lists));
    }
    for (const [i, bench] of opened.entries()) {
      console.log(`\n${(sizes[i] ?? 0).toLocaleString('en-US')} clients:`);
      for (const line of await maintainAsTheProduct(bench.database)) console.log(line);
    }
    const kind = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    // One alternation of all four: each size's GET and its query alone measured in the same rounds.
    const [rest100 = 0, rest100k = 0, alone100 = 0, alone100k = 0] = await alternatingMedians([...rest, ...alone]);
    console.log(`\nREST API client list (${kind}, median of ${runs} runs, all four in turn each round)`);
    console.log(`${''.padEnd(40)} ${'100'.padStart(10)} ${'100,000'.padStart(10)} ${'ratio'.padStart(7)}`);
    const row = (label: string, small: number, large: number) =>
      console.log(`${label.padEnd(40)} ${ms(small)} ${ms(large)} ${`${(large / small).toFixed(2)}×`.padStart(7)}`);
    row(`GET /api/v1${listPath('{org}')} (token)`, rest100, rest100k);
    row('the same query alone (no token)', alone100, alone100k);
    console.log(`REST client list, 100,000 against 100 clients: ${(rest100k / rest100).toFixed(2)}× (target ≤ 1.5×)`);
    console.log(
      `Token check and dispatch per request: ${(rest100 / alone100).toFixed(2)}× the query alone at 100 clients ` +
        `(+${(rest100 - alone100).toFixed(2)} ms), ${(rest100k / alone100k).toFixed(2)}× at 100,000 (+${(rest100k - alone100k).toFixed(2)} ms)`,
    );
  } finally {
    for (const bench of opened) await bench.done();
  }
}
