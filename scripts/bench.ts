import { benchLists } from './bench-lists';
import { benchMetrics } from './bench-metrics';

/**
 * `npm run bench [lists|metrics|gateway|rest|pages|events]`: `lists` (the default; `clients` is its
 * old name) is scripts/bench-lists.ts, every list and filter at 100 and 100,000 rows side by side in
 * one run; `metrics` is scripts/bench-metrics.ts, `gateway` scripts/bench-gateway.ts (with and
 * without recording and policies), `rest` scripts/bench-rest.ts (the management API's client list
 * at 100 and 100,000 clients, and what its token check costs). Each runs on PGlite in a temporary
 * folder, or on a fresh database on BENCH_DATABASE_URL's PostgreSQL server. `pages`
 * (scripts/bench-pages.ts) runs `npm start` on both, its pages and routes against a bare Next.js app
 * of the same version; `events` (scripts/bench-events.ts) what the outbox costs a command, and the
 * dispatcher's throughput (on PGlite and, with BENCH_DATABASE_URL, PostgreSQL too).
 */

const benches: Record<string, () => Promise<void>> = {
  lists: benchLists,
  clients: benchLists,
  metrics: benchMetrics,
  gateway: () => import('./bench-gateway').then((m) => m.benchGateway()),
  rest: () => import('./bench-rest').then((m) => m.benchRest()),
  pages: () => import('./bench-pages').then((m) => m.benchPages()),
  events: () => import('./bench-events').then((m) => m.benchEvents()),
};
const which = process.argv[2] ?? 'lists';
const bench = benches[which];
if (!bench) {
  console.error(`Unknown bench "${which}"; choose one of: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
bench().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
