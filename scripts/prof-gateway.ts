import { startBackend, startBareProxy } from './bench-gateway-targets';
import { startStandaloneOnPostgres } from './bench-portico';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
function cpu(): Map<string, number> {
  const m = new Map<string, number>();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 70);
      m.set(`${pid} ${comm} ${cmd}`, Number(f[11]) + Number(f[12]));
    } catch {}
  }
  return m;
}
async function main() {
  const backend = await startBackend();
  const which = process.argv[2] ?? 'gw';
  const t = which === 'bare' ? await startBareProxy(backend.url) : await startStandaloneOnPostgres('postgres://postgres@127.0.0.1:5432', backend.url);
  const h = Object.entries(t.headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]);
  execFileSync('wrk', ['-t1', '-c32', '-d2s', ...h, t.url]);
  const before = cpu();
  const out = execFileSync('wrk', ['-t1', '-c32', `-d${process.env.S ?? 8}s`, '--latency', ...h, t.url]).toString();
  const after = cpu();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  console.log(which, 'rps', rps);
  const rows = [...after].map(([k, v]) => [k, v - (before.get(k) ?? 0)] as const).filter(([, d]) => d > 5).sort((a, b) => b[1] - a[1]).slice(0, 12);
  const total = Number(process.env.S ?? 8) * rps;
  for (const [k, d] of rows) console.log(String(d).padStart(6), 'ticks', ((d * 10000) / total).toFixed(1).padStart(6), 'us/req', k);
  await t.stop(); await backend.stop();
}
main();
