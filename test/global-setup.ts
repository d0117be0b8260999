import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statfsSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '@/db/client';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated PGlite data folder each test file copies, or null when tests use PostgreSQL. */
    pgliteTemplate: string | null;
    /** Where this run's copies go; removed when the run ends. */
    pgliteScratch: string | null;
  }
}

const templatePrefix = 'portico-vitest-template-';
const scratchPrefix = 'portico-vitest-run-';
const dayMs = 24 * 60 * 60 * 1000;

/** Changes whenever the migrations or the PGlite build change, so a kept template is never stale. */
function templateKey(root: string): string {
  const hash = createHash('sha256');
  const pglite = JSON.parse(
    readFileSync(path.join(root, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  hash.update(pglite.version);
  const folder = path.join(root, 'drizzle');
  const files = [...readdirSync(folder).filter((f) => f.endsWith('.sql')), 'meta/_journal.json'].sort();
  for (const file of files) hash.update(file).update(readFileSync(path.join(folder, file)));
  return hash.digest('hex').slice(0, 16);
}

/** Removes what earlier runs left behind (killed runs, old templates), a day after it was made. */
function pruneOld(folder: string, prefix: string, keep: string) {
  for (const entry of readdirSync(folder)) {
    const other = path.join(folder, entry);
    if (entry.startsWith(prefix) && other !== keep && Date.now() - statSync(other).mtimeMs > dayMs) {
      rmSync(other, { recursive: true, force: true });
    }
  }
}

/**
 * PGlite spends seconds on initdb for every new database. The run migrates one data folder once
 * (kept in the temp folder for the next run while the migrations stay the same), and every test
 * file starts from a copy of it (test/database.ts).
 */
async function pgliteTemplate(root: string): Promise<string> {
  const template = path.join(os.tmpdir(), `${templatePrefix}${templateKey(root)}`);
  if (existsSync(path.join(template, 'pglite', 'PG_VERSION'))) return template;

  const building = `${template}.building-${randomBytes(4).toString('hex')}`;
  const database = openDatabase({ kind: 'pglite', dataDir: building });
  try {
    await database.migrate();
  } catch (error) {
    await database.close();
    rmSync(building, { recursive: true, force: true });
    throw error;
  }
  await database.close();
  try {
    renameSync(building, template);
  } catch (error) {
    // Another run finished the same template first: use theirs.
    rmSync(building, { recursive: true, force: true });
    if (!existsSync(template)) throw error;
  }
  pruneOld(os.tmpdir(), templatePrefix, template);
  return template;
}

/**
 * Copies go to shared memory when there is room: on a disk file system, copying and deleting the
 * 40 MB folder costs more than a second of system time per test file.
 */
function scratchParent(): string {
  const shm = '/dev/shm';
  try {
    const stats = statfsSync(shm);
    if (stats.bavail * stats.bsize > 1024 * 1024 * 1024) return shm;
  } catch {
    // no shared memory folder here
  }
  return os.tmpdir();
}

export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', null);
    project.provide('pgliteScratch', null);
    return;
  }
  const template = await pgliteTemplate(project.config.root);
  const parent = scratchParent();
  pruneOld(parent, scratchPrefix, '');
  const scratch = mkdtempSync(path.join(parent, scratchPrefix));
  project.provide('pgliteTemplate', template);
  project.provide('pgliteScratch', scratch);
  return () => rmSync(scratch, { recursive: true, force: true });
}
