import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startExpressGateway } from './bench-express-gateway';
import { startBareProxy, startBackend, startNginx, root, type Target } from './bench-gateway-targets';
import { startEmbeddedOnPglite, startStandaloneOnPostgres } from './bench-portico';

/**
 * `npm run bench -- gateway`: the same load against a 1 KB JSON backend directly, through a bare
 * undici proxy, through Portico's gateway (standalone on PostgreSQL with BENCH_DATABASE_URL, and
 * inside `npm start` on PGlite), nginx and express-gateway. Every program is its own process; the
 * load generator is wrk when installed, else autocannon.
 */
const run = promisify(execFile);
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);

interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
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
const maxLoad = (target: Target, duration: number) => (hasWrk ? wrk(target, duration) : autocannon(target, duration));

interface Row extends Measure {
  name: string;
  halfLoadP99?: number;
  skipped?: string;
}

async function measure(name: string, start: () => Promise<Target>, rows: Row[], halfLoadRate?: number) {
  let target: Target;
  try {
    target = await start();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.log(`  ${name}: skipped (${reason})`);
    rows.push({ name, rps: Number.NaN, p50: Number.NaN, p99: Number.NaN, errors: 0, skipped: reason });
    return;
  }
  try {
    await maxLoad(target, 2); // warm-up: connections, JIT
    const result: Row = { name, ...(await maxLoad(target, seconds)) };
    if (halfLoadRate) result.halfLoadP99 = (await autocannon(target, seconds, halfLoadRate)).p99;
    rows.push(result);
    console.log(`  ${name}: ${Math.round(result.rps)} rps`);
  } finally {
    await target.stop();
  }
}

export async function benchGateway(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-gw-'));
  const backend = await startBackend();
  const rows: Row[] = [];
  console.log(
    `Gateway bench: ${seconds} s per row, ${connections} connections, load by ${hasWrk ? 'wrk' : 'autocannon'}`,
  );
  try {
    await measure('(a) backend directly', async () => ({ ...backend, stop: async () => {} }), rows);
    const bareProbe = await startBareProxy(backend.url);
    const bareMax = await maxLoad(bareProbe, 3).finally(() => bareProbe.stop());
    const half = Math.max(1, Math.round(bareMax.rps / 2));
    await measure('(b) bare undici proxy', () => startBareProxy(backend.url), rows, half);
    const pg = process.env.BENCH_DATABASE_URL;
    await measure(
      '(c) Portico standalone, PostgreSQL',
      () => (pg ? startStandaloneOnPostgres(pg, backend.url) : Promise.reject(new Error('set BENCH_DATABASE_URL'))),
      rows,
      half,
    );
    await measure('(c) Portico in npm start, PGlite', () => startEmbeddedOnPglite(backend.url, dir), rows, half);
    await measure(
      '(d) nginx',
      () =>
        existsSync('/usr/sbin/nginx') ? startNginx(backend.url, dir) : Promise.reject(new Error('no /usr/sbin/nginx')),
      rows,
    );
    await measure('(e) express-gateway, key-auth', () => startExpressGateway(backend.url, dir), rows);
  } finally {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  report(rows);
}

function report(rows: Row[]) {
  const a = rows.find((r) => r.name.startsWith('(a)'));
  const b = rows.find((r) => r.name.startsWith('(b)'));
  const fmt = (n: number | undefined, digits = 2) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
  console.log(
    `\n${'target'.padEnd(38)} ${'rps'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'errors'.padStart(6)} ${'c/a'.padStart(5)} ${'c/b'.padStart(5)} ${'p99 @½b'.padStart(8)} ${'added'.padStart(6)}`,
  );
  const out = rows.map((r) => {
    const isC = r.name.startsWith('(c)');
    const ratioA = isC && a ? r.rps / a.rps : undefined;
    const ratioB = isC && b ? r.rps / b.rps : undefined;
    const added =
      isC && b?.halfLoadP99 !== undefined && r.halfLoadP99 !== undefined ? r.halfLoadP99 - b.halfLoadP99 : undefined;
    console.log(
      `${r.name.padEnd(38)} ${fmt(r.rps, 0).padStart(8)} ${fmt(r.p50).padStart(7)} ${fmt(r.p99).padStart(7)} ${String(r.errors).padStart(6)} ${fmt(ratioA).padStart(5)} ${fmt(ratioB).padStart(5)} ${fmt(r.halfLoadP99).padStart(8)} ${fmt(added).padStart(6)}${r.skipped ? `  skipped: ${r.skipped}` : ''}`,
    );
    return {
      ...r,
      ratioToBackend: ratioA ?? null,
      ratioToBareProxy: ratioB ?? null,
      p99AddedAtHalfLoad: added ?? null,
    };
  });
  const file = process.env.BENCH_OUT ?? path.join(os.tmpdir(), `portico-bench-gateway-${Date.now()}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { at: new Date().toISOString(), seconds, connections, loadGenerator: hasWrk ? 'wrk' : 'autocannon', rows: out },
      null,
      2,
    ),
  );
  console.log(`\nWritten to ${file}`);
}
