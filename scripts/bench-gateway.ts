import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startExpressGateway } from './bench-express-gateway';
import { cpuMsOf, startBareProxy, startBackend, startNginx, root, type Target } from './bench-gateway-targets';
import { benchPostgres, startEmbeddedOnPglite } from './bench-portico';

/**
 * `npm run bench -- gateway`: the same load against a 1 KB JSON backend directly, through a bare
 * undici proxy, through Portico's gateway (standalone on PostgreSQL with BENCH_DATABASE_URL, and
 * inside `npm start` on PGlite), nginx and express-gateway. Every program is its own process; the
 * load generator is wrk when installed, else autocannon.
 */
const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the target's process per request, in microseconds (Portico and the bare proxy). */
  cpuUsPerRequest?: number | null;
}

function ms(value: string): number {
  const found = /([\d.]+)(us|ms|s)/.exec(value);
  if (!found) return Number.NaN;
  const n = Number(found[1]);
  return found[2] === 'us' ? n / 1000 : found[2] === 's' ? n * 1000 : n;
}

async function wrk(target: Target, duration: number): Promise<Measure> {
  const headers = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  const args = ['-t1', `-c${connections}`, `-d${duration}s`, '--latency', ...headers, target.url];
  const { stdout } = await run('wrk', args, { timeout: (duration + 30) * 1000 });
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
    path.join(root, 'node_modules', '.bin', 'autocannon'),
    [...args, ...headers, target.url],
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

/**
 * The target at its maximum load, with the CPU time its process spent per request: on a machine
 * busy with other work the requests per second swing, the CPU a request costs much less.
 */
async function maxLoad(target: Target, duration: number): Promise<Measure> {
  const before = cpuMsOf(target.pid);
  const measure = await (hasWrk ? wrk(target, duration) : autocannon(target, duration));
  const after = cpuMsOf(target.pid);
  const requests = measure.rps * duration;
  return {
    ...measure,
    cpuUsPerRequest: before === null || after === null || requests === 0 ? null : ((after - before) * 1000) / requests,
  };
}

interface Row {
  name: string;
  target: Target;
  /** Measured at half of the bare proxy's maximum load too (the p99 added). */
  halfLoad: boolean;
  runs: Measure[];
  halfLoadRuns: Measure[];
}

interface Result extends Measure {
  name: string;
  halfLoadP99: number | null;
  skipped?: string;
}

function medianOf(runs: Measure[]): Measure {
  const sorted = [...runs].sort((x, y) => x.rps - y.rps);
  const median = sorted[Math.floor(sorted.length / 2)] ?? {
    rps: Number.NaN,
    p50: Number.NaN,
    p99: Number.NaN,
    errors: 0,
  };
  const cpu = runs.flatMap((r) => (r.cpuUsPerRequest == null ? [] : [r.cpuUsPerRequest])).sort((x, y) => x - y);
  return { ...median, cpuUsPerRequest: cpu[Math.floor(cpu.length / 2)] ?? null };
}

const reason = (error: unknown) => (error instanceof Error ? error.message.split('\n')[0] : String(error)) ?? '';

/**
 * Every target runs side by side for the whole bench, and rounds take them in turn: a machine busy
 * with something else slows every row of a round alike, and each row's median of the rounds counts.
 */
export async function benchGateway(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-gw-'));
  const backend = await startBackend();
  const rows: Row[] = [];
  const skipped: Result[] = [];
  const stops: (() => Promise<void>)[] = [];
  // BENCH_ONLY (a regular expression) keeps the rows it matches, beside (a) and (b).
  const only = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : null;
  const add = (name: string, target: Target, halfLoad = false) => {
    if (!only || /^\((a|b)\)/.test(name) || only.test(name))
      rows.push({ name, target, halfLoad, runs: [], halfLoadRuns: [] });
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
  console.log(
    `Gateway bench: ${rounds} rounds of ${seconds} s per row, ${connections} connections, load by ${hasWrk ? 'wrk' : 'autocannon'}`,
  );
  try {
    add('(a) backend directly', { ...backend, stop: async () => {} });
    const bare = await startBareProxy(backend.url);
    stops.push(bare.stop);
    add('(b) bare undici proxy', bare, true);

    const pg = process.env.BENCH_DATABASE_URL;
    if (!pg) skip('(c) Portico standalone, PostgreSQL', new Error('set BENCH_DATABASE_URL'));
    else {
      const database = await benchPostgres(pg, backend.url);
      stops.push(database.drop);
      const on = await database.startGateway();
      const off = await database.startGateway({ PORTICO_METRICS_RECORDING: '0' });
      stops.unshift(on.stop, off.stop);
      add('(c) standalone · PostgreSQL', on.plain, true);
      add('(c) standalone · PostgreSQL · recording off', off.plain);
      add('(c) standalone · PostgreSQL · policies', on.policies);
      try {
        const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
        const redis = await database.startGateway({
          REDIS_URL: redisUrl,
          PORTICO_REDIS_PREFIX: `portico-bench-${Date.now()}`,
        });
        stops.unshift(redis.stop);
        add('(c) standalone · PostgreSQL · policies, Redis', redis.policies);
      } catch (error) {
        skip('(c) standalone · PostgreSQL · policies, Redis', error);
      }
    }
    try {
      const on = await startEmbeddedOnPglite(backend.url, dir);
      stops.unshift(on.stop);
      const off = await startEmbeddedOnPglite(backend.url, dir, { PORTICO_METRICS_RECORDING: '0' });
      stops.unshift(off.stop);
      add('(c) npm start · PGlite', on.plain, true);
      add('(c) npm start · PGlite · recording off', off.plain);
      add('(c) npm start · PGlite · policies', on.policies);
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

    for (const row of rows) await maxLoad(row.target, 2); // warm-up: connections, JIT, compiled chains
    for (let round = 1; round <= rounds; round++) {
      for (const row of rows) row.runs.push(await maxLoad(row.target, seconds));
      const half = Math.max(1, Math.round(medianOf(rows[1]?.runs ?? []).rps / 2));
      for (const row of rows) if (row.halfLoad) row.halfLoadRuns.push(await autocannon(row.target, seconds, half));
      console.log(
        `  round ${round}: ${rows.map((r) => `${r.name.slice(0, 3)} ${Math.round(r.runs.at(-1)?.rps ?? 0)}`).join(', ')}`,
      );
    }
  } finally {
    for (const stop of stops) await stop().catch(() => {});
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const results: Result[] = rows.map((row) => {
    const p99s = row.halfLoadRuns.map((r) => r.p99).sort((x, y) => x - y);
    return { name: row.name, ...medianOf(row.runs), halfLoadP99: p99s[Math.floor(p99s.length / 2)] ?? null };
  });
  report([...results, ...skipped]);
}

function report(rows: Result[]) {
  const byName = (name: string) => rows.find((r) => r.name === name && !r.skipped);
  const a = rows.find((r) => r.name.startsWith('(a)'));
  const b = rows.find((r) => r.name.startsWith('(b)'));
  const fmt = (n: number | null | undefined, digits = 2) =>
    n === undefined || n === null || Number.isNaN(n) ? '—' : n.toFixed(digits);
  console.log(
    `\n${'target'.padEnd(46)} ${'rps'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'c/a'.padStart(5)} ${'c/b'.padStart(5)} ${'p99 @½b'.padStart(8)} ${'added'.padStart(6)} ${'CPU µs/req'.padStart(10)}`,
  );
  const out = rows.map((r) => {
    const isC = r.name.startsWith('(c)');
    const ratioA = isC && a ? r.rps / a.rps : null;
    const ratioB = isC && b ? r.rps / b.rps : null;
    const added = isC && b?.halfLoadP99 != null && r.halfLoadP99 !== null ? r.halfLoadP99 - b.halfLoadP99 : null;
    console.log(
      `${r.name.padEnd(46)} ${fmt(r.rps, 0).padStart(8)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${fmt(ratioA).padStart(5)} ${fmt(ratioB).padStart(5)} ${fmt(r.halfLoadP99).padStart(8)} ${fmt(added).padStart(6)} ${fmt(r.cpuUsPerRequest, 1).padStart(10)}${r.skipped ? `  skipped: ${r.skipped}` : ''}`,
    );
    return { ...r, ratioToBackend: ratioA, ratioToBareProxy: ratioB, p99AddedAtHalfLoad: added };
  });

  // The issues' targets, each a ratio of rows measured side by side.
  const eg = byName('(e) express-gateway, key-auth');
  const ratio = (x?: Result, y?: Result) => (x && y ? x.rps / y.rps : Number.NaN);
  // The same ratio from CPU time per request (y's over x's): what x's throughput is to y's when
  // each is bound by its own CPU, steady however busy the machine is with other work.
  const cpuRatio = (x?: Result, y?: Result) =>
    x?.cpuUsPerRequest && y?.cpuUsPerRequest ? y.cpuUsPerRequest / x.cpuUsPerRequest : Number.NaN;
  const targets: [string, number, string][] = [];
  const both = (name: string, x: Result | undefined, y: Result | undefined, target: string) => {
    targets.push([name, ratio(x, y), target]);
    if (!Number.isNaN(cpuRatio(x, y))) targets.push([`  same, by CPU per request`, cpuRatio(x, y), target]);
  };
  for (const [db, c] of [
    ['PostgreSQL', '(c) standalone · PostgreSQL'],
    ['PGlite', '(c) npm start · PGlite'],
  ] as const) {
    const plain = byName(c);
    if (!plain) continue;
    both(`gateway / bare proxy, ${db}`, plain, b, '≥ 0.85');
    if (b?.halfLoadP99 != null && plain.halfLoadP99 !== null)
      targets.push([`p99 added at ½ load, ${db} (ms)`, plain.halfLoadP99 - b.halfLoadP99, '< 2']);
    if (eg) targets.push([`gateway / express-gateway, ${db}`, ratio(plain, eg), '> 1']);
    both(`recording on / off, ${db}`, plain, byName(`${c} · recording off`), '≥ 0.95');
    both(`policies / none, ${db}`, byName(`${c} · policies`), plain, '≥ 0.85');
    if (db === 'PostgreSQL') both(`policies (Redis) / none, ${db}`, byName(`${c} · policies, Redis`), plain, '≥ 0.85');
  }
  console.log(`\n${'figure'.padEnd(40)} ${'value'.padStart(7)}  target`);
  for (const [name, value, target] of targets) console.log(`${name.padEnd(40)} ${fmt(value).padStart(7)}  ${target}`);

  const file = process.env.BENCH_OUT ?? path.join(os.tmpdir(), `portico-bench-gateway-${Date.now()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      {
        at: new Date().toISOString(),
        seconds,
        rounds,
        connections,
        loadGenerator: hasWrk ? 'wrk' : 'autocannon',
        rows: out,
        targets: Object.fromEntries(targets.map(([name, value, target]) => [name, { value, target }])),
      },
      null,
      2,
    ),
  );
  console.log(`\nWritten to ${file}`);
}
