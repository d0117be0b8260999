// `npm start` and `npm run gateway`: bundles a TypeScript entry (scripts/start.ts, scripts/gateway.ts)
// with esbuild and runs it under plain Node, packages left to node_modules.
//
// Why not tsx, as the other scripts use: tsx compiles with esbuild's `keepNames`, which wraps every
// function the code creates in a `__name(fn, "…")` call. The gateway makes a few closures per call,
// and renaming each one cost it about a fifth of its throughput (`npm run bench -- gateway`).
import { buildSync } from 'esbuild';
import { executionAsyncResource } from 'node:async_hooks';
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const entry = process.argv[2];
if (!entry) {
  console.error('usage: node scripts/run.mjs <entry.ts> [arguments…]');
  process.exit(2);
}

const held = { tickObject: null }; // never read: holding it is the point
keepTickObjectShapes();

/**
 * Keeps `process.nextTick` fast for the life of the process. Node builds each tick object with an
 * object literal whose keys are symbols, so its hidden classes hang off weak transitions: a full
 * garbage collection at a moment when no tick is queued frees them, and the next tick builds new
 * ones. After a few such collections (loading Next.js makes many) the literal's stores go
 * megamorphic for good, and every nextTick (dozens per proxied call, in streams and the HTTP
 * server) costs about 250 ns instead of 30: 6% of the `npm start` gateway's CPU time in
 * `npm run bench -- gateway`. Holding one tick object keeps its hidden classes alive. Inside a
 * nextTick callback `executionAsyncResource()` is the tick object; it is taken again every second,
 * so the one held follows Node if it ever reshapes them.
 */
function keepTickObjectShapes() {
  const hold = () => {
    held.tickObject = executionAsyncResource();
  };
  process.nextTick(hold);
  setInterval(() => process.nextTick(hold), 1000).unref();
}

// Bundles of processes that ended without cleaning up (killed outright) go first.
const bundleFolder = path.join(root, path.dirname(entry));
for (const name of existsSync(bundleFolder) ? readdirSync(bundleFolder) : []) {
  const pid = /^\.[\w-]+-(\d+)\.cjs$/.exec(name)?.[1];
  if (pid && !isRunning(Number(pid))) rmSync(path.join(bundleFolder, name), { force: true });
}

function isRunning(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// Next to the entry, so `__dirname` inside the bundle is the entry's folder; one file per process,
// removed once loaded, so processes starting side by side never read each other's half-written bundle.
const outfile = path.join(root, path.dirname(entry), `.${path.basename(entry, '.ts')}-${process.pid}.cjs`);
mkdirSync(path.dirname(outfile), { recursive: true });
buildSync({
  entryPoints: [path.join(root, entry)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  sourcemap: 'inline',
  logLevel: 'warning',
});
// Also for an entry that exits while it loads, before the `finally` below runs.
process.on('exit', () => rmSync(outfile, { force: true }));
process.setSourceMapsEnabled(true); // stack traces name the TypeScript sources
process.argv.splice(1, 2, path.join(root, entry)); // the entry sees its arguments as under tsx
try {
  createRequire(import.meta.url)(outfile);
} finally {
  rmSync(outfile, { force: true });
}
