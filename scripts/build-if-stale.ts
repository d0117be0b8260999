import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = [
  'app',
  'components',
  'lib',
  'db',
  'public',
  'types',
  'auth.ts',
  'proxy.ts',
  'next.config.js',
  'postcss.config.mjs',
  'package.json',
  'tsconfig.json',
];

function newestMtime(entry: string): number {
  let stat;
  try {
    stat = statSync(entry);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Runs `next build` when there is no build yet or a source file changed since the last one. */
export function buildIfStale(root: string): void {
  let built = 0;
  try {
    built = statSync(path.join(root, '.next', 'BUILD_ID')).mtimeMs;
  } catch {
    // never built
  }
  const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built > changed) return;
  console.log(built ? 'Sources changed since the last build: building…' : 'First start: building Portico…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) throw new Error(`next build failed (exit ${result.status ?? result.signal})`);
}
