import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startExpressGateway } from './bench-express-gateway';
import { onCpus, pinning, startBareProxy, startBackend, startNginx, root, type Target } from './bench-gateway-targets';
import { fmt, inTurn, median, medianOf, spread, withCpu, type Measure } from './bench-load';
import { benchPostgres, startEmbeddedOnPglite } from './bench-portico';

/**
 * `npm run bench -- gateway`: the same load against a 1 KB JSON backend directly, through a bare
 * undici proxy, through Portico's gateway (standalone on PostgreSQL with BENCH_DATABASE_URL, and
 * inside `npm start` on PGlite), nginx and express-gateway. Every program is its own process; the
 * load generator is wrk when installed, else autocannon, and at a fixed rate hey when installed.
 */
const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 2);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

function ms(value: string): number {
  const found = /([\d.]+)(us|ms|s)/.exec(value);
  if (!found) return Number.NaN;
  const n = Number(found[1]);
  return found[2] === 'us' ? n / 1000 : found[2] === 's' ? n * 1000 : n;
}

async function wrk(target: Target, duration: number): Promise<Measure> {
  const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', ...headers, target.url];
  const { stdout } = await run(...onCpus('load', 'wrk', args), { timeout: (duration + 30) * 1000 });
  const line = (re: RegExp) => re.exec(stdout)?.[1] ?? '';
  return {
    rps: Number(line(/Requests\/sec:\s+([\d.]+)/)),
    p50: ms(line(/\s50%\s+(\S+)/)),
    p99: ms(line(/\s99%\s+(\S+)/)),
    errors:
      Number(line(/Non-2xx or 3xx responses:\s+(\d+)/) || 0) + Number(line(/Socket errors:.*?timeout (\d+)/) || 0),
  };
}

/** autocannon, optionally at a fixed overall rate (for the latency at half of the maximum load). */
async function autocannon(target: Target, duration: number, rate?: number): Promise<Measure> {
  const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = ['-j', '-c', String(connections), '-d', String(duration), ...(rate ? ['-R', String(rate)] : [])];
  const { stdout } = await run(
    ...onCpus('load', path.join(root, 'node_modules', '.bin', 'autocannon'), [...args, ...headers, target.url]),
    {
      timeout: (duration + 30) * 1000,
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const result = JSON.parse(stdout) as {
    requests: { average: number };
    latency: { p50: number; p99: number };
    non2xx: number;
    errors: number;
  };
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

const hasWrk = existsSync('/usr/bin/wrk') || existsSync('/usr/local/bin/wrk');
const hasHey = existsSync('/usr/bin/hey') || existsSync('/usr/local/bin/hey');

/**
 * hey at a fixed overall rate (its `-q` is per connection). A compiled load generator: at half of
 * the bare proxy's load, autocannon's own event loop shares a CPU with the backend, and its p99
 * swung by several milliseconds between back-to-back runs of the same target.
 */
async function hey(target: Target, duration: number, rate: number): Promise<Measure> {
  const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = ['-z', `${duration}s`, '-c', String(connections), '-q', String(rate / connections), ...headers];
  const { stdout } = await run(...onCpus('load', 'hey', [...args, target.url]), {
    timeout: (duration + 30) * 1000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const msOf = (re: RegExp) => Number(re.exec(stdout)?.[1] ?? Number.NaN) * 1000;
  const statuses = [...stdout.matchAll(/\[(\d+)\]\s+(\d+) responses/g)];
  const failed = [...stdout.matchAll(/\[(\d+)\]\s+Get /g)].reduce((sum, m) => sum + Number(m[1]), 0);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1] ?? Number.NaN),
    p50: msOf(/50% in ([\d.]+) secs/),
    p99: msOf(/99% in ([\d.]+) secs/),
    errors: statuses.filter(([, code]) => !code?.startsWith('2')).reduce((sum, m) => sum + Number(m[2]), 0) + failed,
  };
}

/** The target at a fixed overall rate: hey when installed, else autocannon. */
const atRate = (target: Target, duration: number, rate: number) =>
  hasHey ? hey(target, duration, rate) : autocannon(target, duration, rate);

/** The target at its maximum load, with the CPU time its process spent per request. */
const maxLoad = (target: Target, duration: number): Promise<Measure> =>
  withCpu(target.pid, duration, () => (hasWrk ? wrk(target, duration) : autocannon(target, duration)));

interface Row {
  name: string;
  target: Target;
  runs: Measure[];
  /** p99 at half of the bare proxy's maximum load, one a round (rows of a latency comparison). */
  halfLoadP99s: number[];
}

interface Result extends Measure {
  name: string;
  halfLoadP99: number | null;
  skipped?: string;
}

/**
 * One figure of the issues: row x against row y. A throughput ratio (x's rps over y's) or, for
 * `p99-added`, x's p99 minus y's at half of the bare proxy's maximum load. Each round measures the
 * two rows back to back, in alternating order, and the figure is the median of the rounds' values:
 * two runs a few seconds apart see the same machine, while runs a minute apart on a shared host
 * may not (one bare proxy ran at 6,500 and 12,500 requests per second in consecutive runs).
 */
interface Comparison {
  name: string;
  x: Row;
  y: Row;
  kind: 'ratio' | 'p99-added';
  target: string;
  values: number[];
  /** y's CPU time per request over x's, per round (ratios only). */
  cpuValues: number[];
}

const reason = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)) ?? '';

/**
 * Every target runs side by side for the whole bench. Each round measures the rows of every
 * comparison in pairs, back to back, then the rows in no comparison; each figure is the median of
 * its rounds, and each row of the table the median of its runs.
 */
export async function benchGateway(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-gw-'));
  const backend = await startBackend();
  const rows: Row[] = [];
  const skipped: Result[] = [];
  const stops: (() => Promise<void>)[] = [];
  // BENCH_ONLY (a regular expression) keeps the rows it matches, beside (a) and (b).
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
  const add = (name: string, target: Target) => {
    if (!only || /^\((a|b)\)/.test(name) || only.test(name)) rows.push({ name, target, runs: [], halfLoadP99s: [] });
  };
  const skip = (name: string, error: unknown) => {
    console.log(`  ${name}: skipped (${reason(error)})`);
    skipped.push({
      name,
      rps: Number.NaN,
      p50: Number.NaN,
      p99: Number.NaN,
      errors: 0,
      halfLoadP99: null,
      skipped: reason(error),
    });
  };
  await benchJwtCheck();
  console.log(
    `Gateway bench: ${rounds} rounds of ${seconds} s per run, ${connections} connections, load by ${hasWrk ? 'wrk' : 'autocannon'} (at half load ${hasHey ? 'hey' : 'autocannon'}), ${pinning ? 'each measured program on a CPU of its own' : 'programs not pinned to CPUs'}`,
  );
  let comparisons: Comparison[] = [];
  try {
    add('(a) backend directly', { ...backend, stop: async () => {} });
    const bare = await startBareProxy(backend.url);
    stops.push(bare.stop);
    add('(b) bare undici proxy', bare);

    const pg = process.env.BENCH_DATABASE_URL;
    if (!pg) skip('(c) Portico standalone, PostgreSQL', new Error('set BENCH_DATABASE_URL'));
    else {
      const database = await benchPostgres(pg, backend.url);
      stops.push(database.drop);
      const on = await database.startGateway();
      const off = await database.startGateway({ PORTICO_METRICS_RECORDING: '0' });
      stops.unshift(on.stop, off.stop);
      add('(c) standalone · PostgreSQL', on.plain);
      add('(c) standalone · PostgreSQL · recording off', off.plain);
      add('(c) standalone · PostgreSQL · policies', on.policies);
      add('(c) standalone · PostgreSQL · JWT', on.jwt);
      try {
        const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
        const redis = await database.startGateway({
          REDIS_URL: redisUrl,
          PORTICO_REDIS_PREFIX: `portico-bench-${Date.now()}`,
        });
        stops.unshift(redis.stop);
        // Its own row without policies: the policy cost is measured inside one process, as for the
        // database's counters, so one process's speed against another's does not count in it.
        add('(c) standalone · PostgreSQL · Redis, no policies', redis.plain);
        add('(c) standalone · PostgreSQL · policies, Redis', redis.policies);
      } catch (error) {
        skip('(c) standalone · PostgreSQL · policies, Redis', error);
      }
    }
    // The embedded process builds Next.js on a first run: only started when one of its rows is kept.
    if (!only || only.test('(c) npm start · PGlite'))
      try {
        const on = await startEmbeddedOnPglite(backend.url, dir);
        stops.unshift(on.stop);
        const off = await startEmbeddedOnPglite(backend.url, dir, { PORTICO_METRICS_RECORDING: '0' });
        stops.unshift(off.stop);
        add('(c) npm start · PGlite', on.plain);
        add('(c) npm start · PGlite · recording off', off.plain);
        add('(c) npm start · PGlite · policies', on.policies);
        add('(c) npm start · PGlite · JWT', on.jwt);
      } catch (error) {
        skip('(c) npm start · PGlite', error);
      }
    if (existsSync('/usr/sbin/nginx')) {
      const nginx = await startNginx(backend.url, dir);
      stops.unshift(nginx.stop);
      add('(d) nginx', nginx);
    } else skip('(d) nginx', new Error('no /usr/sbin/nginx'));
    try {
      const eg = await startExpressGateway(backend.url, dir);
      stops.unshift(eg.stop);
      add('(e) express-gateway, key-auth', eg);
    } catch (error) {
      skip('(e) express-gateway, key-auth', error);
    }

    comparisons = comparisonsOf(rows);
    const paired = new Set(comparisons.flatMap((c) => [c.x, c.y]));
    const bareRow = rows[1];
    for (const row of rows) await maxLoad(row.target, 2); // warm-up: connections, JIT, compiled chains
    for (let round = 1; round <= rounds; round++) {
      const measured = new Map<Row, Measure>();
      for (const c of comparisons) {
        if (c.kind !== 'ratio') continue;
        const pair = inTurn([c.x, c.y], round);
        for (const row of pair) {
          const m = await maxLoad(row.target, seconds);
          row.runs.push(m);
          measured.set(row, m);
        }
        const x = measured.get(c.x);
        const y = measured.get(c.y);
        if (!x || !y) continue;
        c.values.push(x.rps / y.rps);
        if (x.cpuUsPerRequest && y.cpuUsPerRequest) c.cpuValues.push(y.cpuUsPerRequest / x.cpuUsPerRequest);
      }
      for (const row of rows) if (!paired.has(row)) row.runs.push(await maxLoad(row.target, seconds));
      // The latency added at half of the bare proxy's maximum load, at the same rate, back to back.
      const half = Math.max(1, Math.round(medianOf(bareRow?.runs ?? []).rps / 2));
      for (const c of comparisons) {
        if (c.kind !== 'p99-added') continue;
        const pair = inTurn([c.x, c.y], round);
        const p99 = new Map<Row, number>();
        for (const row of pair) p99.set(row, (await atRate(row.target, seconds, half)).p99);
        c.x.halfLoadP99s.push(p99.get(c.x) ?? Number.NaN);
        c.y.halfLoadP99s.push(p99.get(c.y) ?? Number.NaN);
        c.values.push((p99.get(c.x) ?? Number.NaN) - (p99.get(c.y) ?? Number.NaN));
      }
      console.log(
        `  round ${round}: ${comparisons.map((c) => `${c.name} ${c.values.at(-1)?.toFixed(2) ?? '—'}`).join(' · ')}`,
      );
    }
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const results: Result[] = rows.map((row) => ({
    name: row.name,
    ...medianOf(row.runs),
    halfLoadP99: row.halfLoadP99s.length ? median(row.halfLoadP99s) : null,
  }));
  report([...results, ...skipped], comparisons);
}

/**
 * The JWT policy's request phase in this process, a remembered signature check against one made on
 * every call: whether remembering a verified token until it expires pays (issue 28).
 */
async function benchJwtCheck(): Promise<void> {
  const { exportJWK, generateKeyPair, SignJWT } = await import('jose');
  const { JwtKeyCache } = await import('@/lib/policies/jwt-keys');
  const { jwt } = await import('@/lib/policies/types/jwt');
  const { MemoryCounterStore } = await import('@/lib/policies/counters');
  const pair = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k', alg: 'RS256' };
  const issuer = 'https://idp.bench.example';
  const config = jwt.schema.parse({ issuers: `${issuer} aud=api jwk=${JSON.stringify(jwk)}`, scopes: 'read' });
  const token = await new SignJWT({ iss: issuer, aud: 'api', sub: 'ada', scope: 'read' })
    .setProtectedHeader({ alg: 'RS256', kid: 'k' })
    .setExpirationTime('1h')
    .sign(pair.privateKey);
  const perCall = async (rememberVerified: boolean) => {
    const phases = jwt.compile(config, {
      policyId: 1,
      scope: { apiVersionId: 1, clientVersionId: null, planVersionId: null },
      counters: new MemoryCounterStore(),
      checkPassword: () => false,
      jwtKeys: new JwtKeyCache({ rememberVerified }),
    });
    const once = async () => {
      const state = {
        request: {
          method: 'GET',
          path: '/',
          query: '',
          headers: { authorization: `Bearer ${token}` },
          ip: '127.0.0.1',
          apiKey: null,
          apiVersionId: 1,
          clientVersionId: null,
          planVersionId: null,
          receivedAt: Date.now(),
        },
        responseHeaders: {},
      };
      const outcome = await phases.request?.(state);
      if (outcome) throw new Error('the bench token was refused');
    };
    for (let i = 0; i < 500; i++) await once();
    const n = 20_000;
    const started = performance.now();
    for (let i = 0; i < n; i++) await once();
    return ((performance.now() - started) * 1000) / n;
  };
  const checked = await perCall(false);
  const remembered = await perCall(true);
  console.log(
    `JWT policy request phase in-process (RS256): ${checked.toFixed(1)} µs/call checking the signature each call, ${remembered.toFixed(1)} µs/call remembering a verified token`,
  );
}

/** The issues' figures among the rows this run has. */
function comparisonsOf(rows: Row[]): Comparison[] {
  const byName = (name: string) => rows.find((r) => r.name === name);
  const bare = byName('(b) bare undici proxy');
  const comparisons: Comparison[] = [];
  const compare = (name: string, x: Row | undefined, y: Row | undefined, kind: Comparison['kind'], target: string) => {
    if (x && y) comparisons.push({ name, x, y, kind, target, values: [], cpuValues: [] });
  };
  for (const [db, c] of [
    ['PostgreSQL', '(c) standalone · PostgreSQL'],
    ['PGlite', '(c) npm start · PGlite'],
  ] as const) {
    const plain = byName(c);
    compare(`gateway / bare proxy, ${db}`, plain, bare, 'ratio', '≥ 0.85');
    compare(`p99 added at ½ load, ${db} (ms)`, plain, bare, 'p99-added', '< 2');
    compare(`recording on / off, ${db}`, plain, byName(`${c} · recording off`), 'ratio', '≥ 0.95');
    compare(`policies / none, ${db}`, byName(`${c} · policies`), plain, 'ratio', '≥ 0.85');
    compare(`JWT / none, ${db}`, byName(`${c} · JWT`), plain, 'ratio', '≥ 0.85');
    compare(
      `policies (Redis) / none, ${db}`,
      byName(`${c} · policies, Redis`),
      byName(`${c} · Redis, no policies`),
      'ratio',
      '≥ 0.85',
    );
  }
  return comparisons;
}

function report(rows: Result[], comparisons: Comparison[]) {
  const byName = (name: string) => rows.find((r) => r.name === name && !r.skipped);
  const a = rows.find((r) => r.name.startsWith('(a)'));
  const b = rows.find((r) => r.name.startsWith('(b)'));
  console.log(
    `\n${'target (medians of the runs)'.padEnd(46)} ${'rps'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'c/a'.padStart(5)} ${'c/b'.padStart(5)} ${'p99 @½b'.padStart(8)} ${'CPU µs/req'.padStart(10)}`,
  );
  const out = rows.map((r) => {
    const isC = r.name.startsWith('(c)');
    const ratioA = isC && a ? r.rps / a.rps : null;
    const ratioB = isC && b ? r.rps / b.rps : null;
    console.log(
      `${r.name.padEnd(46)} ${fmt(r.rps, 0).padStart(8)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${fmt(ratioA).padStart(5)} ${fmt(ratioB).padStart(5)} ${fmt(r.halfLoadP99).padStart(8)} ${fmt(r.cpuUsPerRequest, 1).padStart(10)}${r.skipped ? `  skipped: ${r.skipped}` : ''}`,
    );
    return { ...r, ratioToBackend: ratioA, ratioToBareProxy: ratioB };
  });

  // The issues' figures: each the median of its rounds, the runs of a round back to back.
  const targets: [string, number, string, string, string][] = []; // shown, value, target, range, key
  for (const c of comparisons) {
    targets.push([c.name, median(c.values), c.target, spread(c.values), c.name]);
    if (c.cpuValues.length)
      targets.push([
        '  same, by CPU per request',
        median(c.cpuValues),
        c.target,
        spread(c.cpuValues),
        `${c.name}, by CPU per request`,
      ]);
  }
  const eg = byName('(e) express-gateway, key-auth');
  for (const [db, c] of [
    ['PostgreSQL', '(c) standalone · PostgreSQL'],
    ['PGlite', '(c) npm start · PGlite'],
  ] as const) {
    const plain = byName(c);
    const name = `gateway / express-gateway, ${db}`;
    if (plain && eg) targets.push([name, plain.rps / eg.rps, '> 1', 'of the medians', name]);
  }
  console.log(`\n${'figure (median of paired rounds)'.padEnd(40)} ${'value'.padStart(7)}  ${'target'.padEnd(7)} range`);
  for (const [name, value, target, range] of targets)
    console.log(`${name.padEnd(40)} ${fmt(value).padStart(7)}  ${target.padEnd(7)} ${range}`);

  const file = process.env.BENCH_OUT ?? path.join(os.tmpdir(), `portico-bench-gateway-${Date.now()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        seconds,
        roundCount: rounds,
        connections,
        loadGenerator: hasWrk ? 'wrk' : 'autocannon',
        pinnedToCpus: pinning,
        rows: out,
        targets: Object.fromEntries(targets.map(([, value, target, range, key]) => [key, { value, target, range }])),
        rounds: Object.fromEntries(comparisons.map((c) => [c.name, { values: c.values, byCpu: c.cpuValues }])),
      },
      null,
      2,
    ),
  );
  console.log(`\nWritten to ${file}`);
}
