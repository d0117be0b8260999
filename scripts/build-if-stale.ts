import { spawn } from 'node:child_process';
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
  'instrumentation.ts',
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

/**
 * Runs `next build` when there is no build yet or a source file changed since the last one. In a
 * child process, so the server already listening keeps answering (503 "starting") meanwhile.
 */
export async function buildIfStale(root: string): Promise<void> {
  let built = 0;
  try {
    built = statSync(path.join(root, '.next', 'BUILD_ID')).mtimeMs;
  } catch {
    // never built
  }
  const changed = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  if (built > changed) return;
  console.log(built ? 'Sources changed since the last build: building…' : 'First start: building Portico…');
  const child = spawn(process.execPath, [path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  const { code, signal } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(
    (resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve({ code, signal }));
    },
  );
  if (code !== 0) throw new Error(`next build failed (exit ${code ?? signal})`);
}
