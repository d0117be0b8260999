import autocannon from 'autocannon';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { buildIfStale } from './build-if-stale';
import { pinning, pinSelf, root } from './bench-gateway-targets';
import { fmt, inTurn, median, medianOf, spread, withCpu, type Measure } from './bench-load';
import { barePageExpect, bareRouteExpect, startBareNext } from './bench-pages-bare';
import { freshDatabase, startPortico, type PorticoServer } from './bench-pages-portico';

/**
 * `npm run bench -- pages [--rounds 3] [--seconds 4]`: Portico's pages and routes against the
 * framework's own speed. A bare Next.js app of the same version (scripts/bench-pages-bare.ts) and
 * `npm start` on PGlite and on PostgreSQL run side by side; each of Portico's routes and pages
 * stands in a group with its bare counterpart (a route handler, a 50-row page) measured right
 * beside it, the group's order turning each round, and each figure is the median of its rounds'
 * ratios. Every answer must be a 200 with the content expected: a redirect to /login would
 * measure nothing, and fails the bench.
 */
const connections = 10;

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** Text every answer must contain. */
  expect: string;
  pid: number | undefined;
}

interface Row {
  target: Target;
  runs: Measure[];
  /** rps over the bare row's in the same group of the same round (Portico's rows). */
  ratios: number[];
}

/** Portico's routes and pages; each is measured against the bare route or the bare page. */
const porticoTargets = [
  { name: 'GET /api/health', path: '/api/health', as: null, expect: '"status":"ok"', bare: 'route' },
  {
    name: 'GET /api/v1/organizations/{org}/clients',
    path: '/api/v1/organizations/acme-development-team/clients',
    as: 'token',
    expect: '"client":"devclient"',
    bare: 'route',
  },
  { name: 'console: Clients', path: '/console/clients', as: 'admin', expect: 'Janes Client', bare: 'page' },
  {
    name: 'console: a client version',
    path: '/console/organizations/acme-development-team/clients/devclient/1.0',
    as: 'admin',
    expect: 'DevClient',
    bare: 'page',
  },
  {
    name: 'portal: Marketplace',
    path: '/portal/marketplace',
    as: 'developer',
    expect: 'ACME Public Echo',
    bare: 'page',
  },
  {
    name: 'portal: an API',
    path: '/portal/apis/acme-support/acme-echo-test-api',
    as: 'developer',
    expect: 'Answers every request with what it received',
    bare: 'page',
  },
  { name: 'portal: My Clients', path: '/portal/my-clients', as: 'developer', expect: 'Janes Client', bare: 'page' },
] as const;

function porticoTarget(server: PorticoServer, db: string, t: (typeof porticoTargets)[number]): Target {
  const headers: Record<string, string> =
    t.as === 'token' ? { authorization: `Bearer ${server.token}` } : t.as ? { cookie: server.cookies[t.as] } : {};
  return { name: `${db} · ${t.name}`, url: `${server.base}${t.path}`, headers, expect: t.expect, pid: server.pid };
}

/** One answer read as a browser would, to say plainly what is wrong before any load. */
async function check(target: Target): Promise<void> {
  const response = await fetch(target.url, { headers: target.headers, redirect: 'manual' });
  const body = await response.text();
  if (response.status !== 200 || !body.includes(target.expect))
    throw new Error(
      `${target.name}: ${target.url} answered ${response.status}${response.headers.get('location') ? ` to ${response.headers.get('location')}` : ''} ` +
        `${body.includes(target.expect) ? 'with' : `without "${target.expect}"`}`,
    );
}

/** autocannon at `connections`, every answer's body checked; any refused or wrong answer fails the bench. */
async function load(target: Target, seconds: number, warmUp = false): Promise<Measure> {
  return withCpu(target.pid, seconds, async () => {
    const result = await autocannon({
      url: target.url,
      headers: target.headers,
      connections,
      duration: seconds,
      verifyBody: (body) => String(body).includes(target.expect),
    });
    const wrong = result.non2xx + result.errors + result.mismatches;
    if (wrong > 0)
      throw new Error(
        `${target.name}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.mismatches} answers without "${target.expect}" of ${result.requests.total}`,
      );
    if (result.requests.total === 0 && !warmUp)
      throw new Error(`${target.name}: no answer in ${seconds} s (try more --seconds)`);
    // Answers over the run's time: autocannon's per-second average leaves out a last partial second.
    const rps = result.requests.total / result.duration;
    return { rps, p50: result.latency.p50, p99: result.latency.p99, errors: wrong };
  });
}

export async function benchPages(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(3),
    options: { rounds: { type: 'string', default: '3' }, seconds: { type: 'string', default: '4' } },
  });
  const rounds = Number(values.rounds);
  const seconds = Number(values.seconds);
  if (!(rounds >= 1 && seconds >= 1)) throw new Error('--rounds and --seconds take whole numbers of 1 or more');
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-pages-'));
  const stops: (() => Promise<void>)[] = [];
  try {
    // Built before the servers start, so the two never build side by side.
    await buildIfStale(root);
    const bareDir = path.join(dir, 'bare');
    mkdirSync(bareDir);
    const bare = await startBareNext(bareDir);
    stops.push(bare.stop);
    const database = await freshDatabase(serverUrl);
    stops.push(database.drop);
    const [pglite, pg] = await Promise.all([startPortico(dir, ''), startPortico(dir, database.url)]);
    stops.unshift(pglite.stop, pg.stop);

    const bareRow = (name: string, url: string, expect: string): Row => ({
      target: { name, url, headers: {}, expect, pid: bare.pid },
      runs: [],
      ratios: [],
    });
    const bareRoute = bareRow('bare Next.js · route handler', `${bare.base}/api/health`, bareRouteExpect);
    const barePage = bareRow('bare Next.js · 50-row page', `${bare.base}/table`, barePageExpect);
    const groups = porticoTargets.map((t) => [
      t.bare === 'route' ? bareRoute : barePage,
      ...[['PGlite', pglite] as const, ['PostgreSQL', pg] as const].map(([db, server]): Row => ({
        target: porticoTarget(server, db, t),
        runs: [],
        ratios: [],
      })),
    ]);
    const rows = [bareRoute, barePage, ...groups.flatMap(([, ...portico]) => portico)];
    for (const row of rows) await check(row.target);

    pinSelf('load');
    console.log(
      `Pages bench: ${rounds} rounds of ${seconds} s per run, ${connections} connections, autocannon; ` +
        `${pinning ? 'the servers on one CPU, the load on the others' : 'programs not pinned to CPUs'}`,
    );
    for (const row of rows) await load(row.target, 1, true); // warm-up: connections, JIT, caches
    for (let round = 1; round <= rounds; round++) {
      for (const group of groups) {
        const measured = new Map<Row, Measure>();
        for (const row of inTurn(group, round)) {
          const m = await load(row.target, seconds);
          row.runs.push(m);
          measured.set(row, m);
        }
        const [baseRow, ...portico] = group;
        const base = baseRow && measured.get(baseRow);
        for (const row of portico) row.ratios.push((measured.get(row)?.rps ?? Number.NaN) / (base?.rps ?? Number.NaN));
      }
      console.log(`  round ${round} of ${rounds} done`);
    }
    report(rows, rounds, seconds);
  } finally {
    for (const stop of stops) await stop().catch((error: unknown) => console.error(error));
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(rows: Row[], rounds: number, seconds: number) {
  console.log(
    `\nPages and routes: medians of ${rounds} rounds of ${seconds} s, ${connections} connections; ratio = rps over the bare row's in the same round`,
  );
  console.log(
    `${'target'.padEnd(52)} ${'rps'.padStart(7)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'CPU ms/req'.padStart(10)} ${'ratio'.padStart(6)}  range`,
  );
  for (const row of rows) {
    const m = medianOf(row.runs);
    const cpu = m.cpuUsPerRequest == null ? null : m.cpuUsPerRequest / 1000;
    const ratio = row.ratios.length ? median(row.ratios) : null;
    console.log(
      `${row.target.name.padEnd(52)} ${fmt(m.rps, 0).padStart(7)} ${fmt(m.p50, 1).padStart(7)} ${fmt(m.p99, 1).padStart(7)} ${fmt(cpu).padStart(10)} ${fmt(ratio).padStart(6)}  ${spread(row.ratios)}`,
    );
  }
}
