import { execFile } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, root, startProcess } from './bench-gateway-targets';

/**
 * The floor of `npm run bench -- pages`: a bare Next.js app of the version Portico runs, written at
 * bench time into a temporary folder (not a project dependency, nor code of the project), built and
 * started with `next start`. Its route handler answers as Portico's /api/health does; its page
 * renders a 50-row table made for each request, with nothing else around it.
 */
const run = promisify(execFile);
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');

export const bareRouteExpect = '"status":"ok"';
export const barePageExpect = 'Row 50</td>';

const files = (turbopackRoot: string): Record<string, string> => ({
  'package.json': JSON.stringify({ name: 'portico-bench-bare-next', private: true }),
  // The project's node_modules is a symlink: Turbopack reads only under its root, which must hold both.
  'next.config.js': `module.exports = { poweredByHeader: false, turbopack: { root: ${JSON.stringify(turbopackRoot)} } };`,
  'app/layout.jsx': `export default function RootLayout({ children }) {
  return (<html lang="en"><body>{children}</body></html>);
}`,
  'app/api/health/route.js': `import { NextResponse } from 'next/server';
export const dynamic = 'force-dynamic';
export function GET() {
  return NextResponse.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}`,
  'app/table/page.jsx': `export const dynamic = 'force-dynamic';
const statuses = ['Created', 'Ready', 'Registered', 'Retired'];
export default function Table() {
  const now = Date.now();
  const rows = Array.from({ length: 50 }, (_, i) => ({
    id: i + 1,
    name: 'Client ' + Math.random().toString(36).slice(2, 10),
    version: '1.' + i,
    status: statuses[i % statuses.length],
    updated: new Date(now - i * 3600000).toISOString(),
  }));
  return (
    <main>
      <h1>Clients</h1>
      <table>
        <thead><tr><th>#</th><th>Name</th><th>Version</th><th>Status</th><th>Updated</th></tr></thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}><td>{'Row ' + row.id}</td><td>{row.name}</td><td>{row.version}</td><td>{row.status}</td><td>{row.updated}</td></tr>
          ))}
        </tbody>
      </table>
    </main>
  );
}`,
});

/** The deepest folder holding both paths. */
function commonFolder(a: string, b: string): string {
  const x = a.split(path.sep);
  const y = b.split(path.sep);
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return x.slice(0, i).join(path.sep) || path.sep;
}

/** Writes and builds the bare app in `dir`, then starts it on a free port of 127.0.0.1. */
export async function startBareNext(dir: string) {
  const modules = path.join(root, 'node_modules');
  symlinkSync(modules, path.join(dir, 'node_modules'));
  for (const [file, text] of Object.entries(files(commonFolder(realpathSync(dir), realpathSync(modules))))) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  const started = Date.now();
  await run(process.execPath, [nextBin, 'build'], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      throw new Error(`next build of the bare app failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
    },
  );
  console.log(`bare Next.js app built in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const port = await freePort();
  const { child, stop } = await startProcess(
    process.execPath,
    [nextBin, 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: dir,
      env: { NEXT_TELEMETRY_DISABLED: '1' },
      ready: /Ready in/,
      cpus: 'measured',
    },
  );
  return { base: `http://127.0.0.1:${port}`, pid: child.pid, stop };
}
