import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '@/db/client';
import { users } from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import { attemptSignIn } from '@/lib/auth/sign-in';

/**
 * `npx tsx scripts/bench-sign-in.ts`: how long a wrong sign-in takes for a known and for an
 * unknown email (median and spread of alternating runs), to show the time tells them apart no
 * longer. PGlite in a temporary folder; every attempt from its own address so none is throttled.
 */
const runs = 40;

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portico-bench-sign-in-'));
  const database = openDatabase({ kind: 'pglite', dataDir: dir });
  try {
    await database.migrate();
    await database.db.insert(users).values({
      email: 'known@example.test',
      name: 'Known',
      passwordHash: await hashPassword('the right password'),
    });
    const times = { known: [] as number[], unknown: [] as number[] };
    for (let i = 0; i < runs; i++) {
      for (const kind of ['known', 'unknown'] as const) {
        // Each attempt under a fresh account key too, so none of them is answered by a block.
        const email = kind === 'known' ? 'known@example.test' : `unknown-${i}@example.test`;
        const started = performance.now();
        const outcome = await attemptSignIn(database.db, { email, password: `wrong ${i}` }, `bench-${kind}-${i}`);
        times[kind].push(performance.now() - started);
        if (outcome.outcome !== 'refused') throw new Error(`attempt ${i} (${kind}) was ${outcome.outcome}`);
        if (kind === 'known' && i % 4 === 3)
          await attemptSignIn(database.db, { email, password: 'the right password' }, 'bench-reset');
      }
    }
    for (const [kind, list] of Object.entries(times)) {
      const sorted = [...list].sort((a, b) => a - b);
      const at = (q: number) => (sorted[Math.floor(q * (sorted.length - 1))] ?? 0).toFixed(1);
      console.log(
        `${kind.padEnd(8)} email: median ${at(0.5)} ms, p10 ${at(0.1)} ms, p90 ${at(0.9)} ms (${runs} wrong passwords)`,
      );
    }
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
