import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** The processes `npm run bench -- gateway` measures: each its own process, 127.0.0.1 only. */
export const root = path.resolve(__dirname, '..');

export interface Target {
  url: string;
  headers: Record<string, string>;
  stop(): Promise<void>;
  /** The process serving it, whose CPU time per request the bench reports. */
  pid?: number;
}

/**
 * Which CPUs each program runs on, when the machine has two or more and `taskset`: the program
 * measured (a proxy or gateway, with its database driver and timers) gets the last CPU to itself, the
 * backend and the load generator share the others. Left to the scheduler, the three programs
 * ping-pong over two cores: a bare proxy's throughput swung between 6,500 and 12,500 requests per
 * second in consecutive 2-second runs, and pinned it stayed within about ±7%, so each row's
 * throughput is what its own CPU time per request allows. Database servers are not pinned.
 */
const cpus = os.availableParallelism();
export const pinning = cpus >= 2 && existsSync('/usr/bin/taskset') && process.env.BENCH_PIN !== '0';
export type CpuRole = 'measured' | 'load';
const cpuList: Record<CpuRole, string> = { measured: String(cpus - 1), load: cpus > 2 ? `0-${cpus - 2}` : '0' };

/** The command line that runs `command` on the CPUs of its role (unchanged without pinning). */
export function onCpus(role: CpuRole, command: string, args: string[]): [string, string[]] {
  return pinning ? ['/usr/bin/taskset', ['-c', cpuList[role], command, ...args]] : [command, args];
}

/** Pins this process, every thread of it, to the CPUs of a role: for a bench generating load itself. */
export function pinSelf(role: CpuRole): void {
  if (pinning)
    execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', cpuList[role], String(process.pid)], { stdio: 'ignore' });
}

/** CPU time (user + system) a process has used so far, in milliseconds; null when unknown. */
export function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    // /proc/<pid>/stat: fields 14 and 15 (after the parenthesised name) are utime and stime in ticks.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

/** A free port chosen by the system, for programs that cannot be told to use port 0. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts a process and resolves once a line of its output matches `ready` (with the match). */
export function startProcess(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; ready: RegExp | null; timeoutMs?: number; cpus: CpuRole },
): Promise<{ child: ChildProcess; match: RegExpExecArray | null; stop: () => Promise<void> }> {
  // taskset replaces itself with the command: the child's pid is the program's.
  const child = spawn(...onCpus(options.cpus, command, args), {
    cwd: options.cwd ?? root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let output = '';
    const ready = options.ready;
    if (!ready) {
      // Silent programs (nginx): the caller waits for the port instead.
      child.once('exit', (code) => code && console.error(`${command} exited with ${code}`));
      return resolve({ child, match: null, stop });
    }
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${command} did not start in time:\n${output.slice(-2000)}`));
    }, options.timeoutMs ?? 240_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = ready.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, match, stop });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code}:\n${output.slice(-2000)}`));
    });
  });
}

/** The backend: a Node HTTP server answering every request with the same 1 KB JSON. */
export async function startBackend(): Promise<Target> {
  const source = String.raw`
const http = require('node:http');
const body = Buffer.from(JSON.stringify({ items: Array.from({ length: 20 }, (_, i) => ({ id: i, name: 'item ' + i, note: 'x'.repeat(16) })) }).padEnd(1024, ' '));
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length }); res.end(body); });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));`;
  const { match, stop } = await startProcess(process.execPath, ['-e', source], {
    ready: /listening (\d+)/,
    cpus: 'load',
  });
  return { url: `http://127.0.0.1:${match?.[1]}`, headers: {}, stop };
}

/** The floor any Node gateway pays: undici's pool, streaming, nothing else. */
export async function startBareProxy(backendUrl: string): Promise<Target> {
  const source = String.raw`
const http = require('node:http');
const { Pool } = require('undici');
const pool = new Pool(process.argv[1], { connections: null, pipelining: 1 });
const server = http.createServer((req, res) => {
  const headers = { ...req.headers };
  delete headers.host; delete headers.connection;
  pool.stream({ path: req.url.replace(/^\/bare/, '') || '/', method: req.method, headers, body: req.method === 'GET' || req.method === 'HEAD' ? null : req },
    ({ statusCode, headers }) => { delete headers.connection; delete headers['keep-alive']; delete headers['transfer-encoding']; res.writeHead(statusCode, headers); return res; },
    (err) => { if (err) { if (!res.headersSent) { res.writeHead(502); res.end(); } else res.destroy(); } });
});
server.keepAliveTimeout = 65000;
server.listen(0, '127.0.0.1', () => console.log('listening ' + server.address().port));`;
  const { child, match, stop } = await startProcess(process.execPath, ['-e', source, backendUrl], {
    cpus: 'measured',
    ready: /listening (\d+)/,
  });
  return { url: `http://127.0.0.1:${match?.[1]}/bare/items`, headers: {}, stop, pid: child.pid };
}

/** nginx as a reverse proxy with upstream keep-alive, one worker (as one Node process). */
export async function startNginx(backendUrl: string, dir: string): Promise<Target> {
  const port = await freePort();
  const prefix = path.join(dir, 'nginx');
  mkdirSync(path.join(prefix, 'logs'), { recursive: true });
  const conf = path.join(prefix, 'nginx.conf');
  writeFileSync(
    conf,
    `daemon off;
worker_processes 1;
pid ${prefix}/nginx.pid;
error_log stderr warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
  upstream backend { server ${new URL(backendUrl).host}; keepalive 64; }
  server {
    listen 127.0.0.1:${port};
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  const { stop } = await startProcess('/usr/sbin/nginx', ['-p', prefix, '-c', conf], {
    ready: null,
    cpus: 'measured',
  });
  await waitForPort(port);
  return { url: `http://127.0.0.1:${port}/items`, headers: {}, stop };
}

export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
