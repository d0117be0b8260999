import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * PGlite is single-process: a second process opening the same folder corrupts it. `pglite.lock`
 * names its owner by pid *and* by the process's start time (from /proc/<pid>/stat) and the boot it
 * belongs to. A pid alone is not an identity: after a container restart the new server gets the
 * dead one's pid (often 1), and an unrelated process or a zombie may hold a reused pid. The lock is
 * held only while a process with that pid, that start time and this boot is running and not a
 * zombie; anything else is a lock left behind by a crash and is taken over.
 *
 * Chosen over an OS file lock (Node has no flock; it would need a native module) and over
 * mtime-heartbeat locks such as proper-lockfile (a crashed owner blocks every start until the lock
 * goes stale, and the heartbeat needs a timer in every process). Where /proc is missing (macOS) the
 * pid alone decides, as before.
 */
export interface LockOwner {
  pid: number;
  /** Clock ticks since boot at which the process started; null where /proc is not available. */
  startTime: number | null;
  bootId: string | null;
}

const lockFileName = 'pglite.lock';

/** Takes the folder's lock or throws the sentence a person can act on; returns the release. */
export function lockDataDir(dataDir: string): () => void {
  const lockFile = path.join(dataDir, lockFileName);
  const me = currentOwner(process.pid);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      // `wx`: two processes starting at once cannot both create the file.
      writeFileSync(lockFile, JSON.stringify(me), { flag: 'wx' });
      return () => releaseIfMine(lockFile, me);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = readOwner(lockFile);
    if (owner && isRunning(owner)) {
      if (owner.pid === process.pid)
        throw new Error(`The embedded database in ${dataDir} is already open in this process.`);
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${owner.pid}. Stop that Portico first, or set PORTICO_DATA_DIR.`,
      );
    }
    rmSync(lockFile, { force: true }); // left by a process that is gone
  }
  throw new Error(`Could not take the lock of the embedded database in ${dataDir}; another Portico is starting.`);
}

function releaseIfMine(lockFile: string, me: LockOwner): void {
  const owner = readOwner(lockFile);
  if (owner && sameOwner(owner, me)) rmSync(lockFile, { force: true });
}

/** How a lock names this process (or any running one). */
export function currentOwner(pid: number): LockOwner {
  const stat = readProcStat(pid);
  return { pid, startTime: stat?.startTime ?? null, bootId: readBootId() };
}

function readOwner(lockFile: string): LockOwner | null {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8').trim();
  } catch {
    return null;
  }
  // Before start times were recorded the file held only the pid.
  if (/^\d+$/.test(text)) return { pid: Number(text), startTime: null, bootId: null };
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number') return null;
    return {
      pid: parsed.pid,
      startTime: typeof parsed.startTime === 'number' ? parsed.startTime : null,
      bootId: typeof parsed.bootId === 'string' ? parsed.bootId : null,
    };
  } catch {
    return null; // unreadable: nobody can prove they hold it
  }
}

function isRunning(owner: LockOwner): boolean {
  const stat = readProcStat(owner.pid);
  if (!stat) return !procAvailable() && pidExists(owner.pid);
  if (stat.state === 'Z' || stat.state === 'X') return false;
  if (owner.startTime === null) {
    // A pid-only lock from an older Portico: our own pid means a restart in a fresh pid namespace.
    return owner.pid !== process.pid;
  }
  return sameOwner(owner, { pid: owner.pid, startTime: stat.startTime, bootId: readBootId() });
}

function sameOwner(a: LockOwner, b: LockOwner): boolean {
  return a.pid === b.pid && a.startTime === b.startTime && (a.bootId === null || a.bootId === b.bootId);
}

function readProcStat(pid: number): { state: string; startTime: number } | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) may contain spaces and parentheses: fields count from the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  const state = fields[0] ?? '';
  const startTime = Number(fields[19]); // field 22 of the whole line
  return Number.isFinite(startTime) ? { state, startTime } : null;
}

function readBootId(): string | null {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return null;
  }
}

function procAvailable(): boolean {
  return readProcStat(process.pid) !== null;
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
