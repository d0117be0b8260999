import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { openDatabase } from './client';
import { currentOwner, lockDataDir } from './data-dir-lock';

const root = path.resolve(__dirname, '..');
let dataDir: string;
const children: ChildProcess[] = [];

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'portico-lock-'));
});

afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const lockFile = () => path.join(dataDir, 'pglite.lock');
const writeLock = (owner: object | string) =>
  writeFileSync(lockFile(), typeof owner === 'string' ? owner : JSON.stringify(owner));

async function until<T>(probe: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Starts a child process and resolves with its first line of output. */
function startChild(command: string, args: string[]): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve({ child, line: out.slice(0, newline) });
    });
    child.on('exit', (code) => reject(new Error(`${command} exited with ${code} before answering`)));
  });
}

describe('the embedded database lock', () => {
  it('is taken over when it names this very pid from another start (a container restart)', async () => {
    // The run's migrated template spares PGlite's initdb (absent when the tests use PostgreSQL).
    const template = inject('pgliteTemplate');
    if (template) cpSync(template, dataDir, { recursive: true });
    writeLock({ ...currentOwner(process.pid), startTime: 1 });
    const database = openDatabase({ kind: 'pglite', dataDir });
    try {
      await database.db.execute(sql`select 1`);
      expect(JSON.parse(readFileSync(lockFile(), 'utf8'))).toEqual(currentOwner(process.pid));
    } finally {
      await database.close();
    }
    expect(existsSync(lockFile())).toBe(false);
  }, 120_000);

  it('is taken over from an older pid-only lock naming this pid', () => {
    writeLock(String(process.pid));
    const release = lockDataDir(dataDir);
    release();
    expect(existsSync(lockFile())).toBe(false);
  });

  it('is taken over when its pid now belongs to an unrelated live process', async () => {
    const { child } = await startChild('sh', ['-c', 'echo ready; exec sleep 60']);
    const pid = child.pid ?? 0;
    const running = currentOwner(pid);
    expect(running.startTime).not.toBeNull();
    writeLock({ ...running, startTime: (running.startTime ?? 0) - 1 });
    lockDataDir(dataDir)();
  });

  it('is taken over when its owner is a zombie not yet reaped', async () => {
    // `sleep 0` exits, and its parent (now `sleep 60`) never waits for it.
    const { line } = await startChild('sh', ['-c', 'sleep 0 & echo $!; exec sleep 60']);
    const zombie = Number(line);
    await until(() => (readFileSync(`/proc/${zombie}/stat`, 'utf8').includes(') Z ') ? true : undefined), 'zombie');
    writeLock(currentOwner(zombie));
    lockDataDir(dataDir)();
  });

  it('refuses a second process on the same folder, and is free once that process is killed', async () => {
    const holder = `require('./db/data-dir-lock').lockDataDir(${JSON.stringify(dataDir)}); console.log('locked'); setInterval(() => {}, 1000);`;
    // One process (not the tsx wrapper, whose child would outlive a SIGKILL).
    const { child } = await startChild(process.execPath, ['--import', 'tsx', '-e', holder]);
    const owner = JSON.parse(readFileSync(lockFile(), 'utf8')) as { pid: number };
    expect(() => lockDataDir(dataDir)).toThrow(
      `The embedded database in ${dataDir} is in use by process ${owner.pid}. Stop that Portico first, or set PORTICO_DATA_DIR.`,
    );
    child.kill('SIGKILL');
    await until(() => (existsSync(`/proc/${owner.pid}`) ? undefined : true), 'the holder to die');
    expect(existsSync(lockFile())).toBe(true);
    lockDataDir(dataDir)();
  });

  it('refuses to open the same folder twice in one process', () => {
    const release = lockDataDir(dataDir);
    try {
      expect(() => lockDataDir(dataDir)).toThrow(
        `The embedded database in ${dataDir} is already open in this process.`,
      );
    } finally {
      release();
    }
  });
});
