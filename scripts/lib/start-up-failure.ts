import type { DatabaseTarget } from '@/db/client';
import { checkEnv, ConfigError } from '@/lib/env';
import { isDatabaseUnavailable } from '@/lib/server/database-status';

/** Failures of a start-up stage, so the sentence can say which stage failed. */
export class StartUpError extends Error {
  constructor(
    readonly stage: 'migration' | 'seed' | 'build',
    cause: unknown,
  ) {
    super(`${stage} failed`, { cause });
    this.name = 'StartUpError';
  }
}

export interface StartUpSettings {
  port: number;
  hostname: string;
  target: DatabaseTarget;
}

/**
 * Refuses to start on configuration lib/env.ts cannot use, before anything else runs: one line per
 * wrong variable on stderr, exit code 1. `what` names the process (Portico, the Portico gateway).
 */
export function checkConfiguration(what: string, exit: (code: number) => never = process.exit): void {
  try {
    checkEnv();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`${what} cannot start with this configuration:\n  ${error.problems.join('\n  ')}`);
    exit(1);
  }
}

/** One sentence a person can act on, for whatever stopped Portico from starting. */
export function describeStartUpFailure(error: unknown, settings: StartUpSettings): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'EADDRINUSE')
    return `Port ${settings.port} on ${settings.hostname} is already in use: stop what is using it, or set PORT to another port.`;
  if (code === 'EACCES' && (error as { syscall?: string }).syscall === 'listen')
    return `Portico may not listen on port ${settings.port} on ${settings.hostname}: choose a port above 1023 with PORT.`;
  if (code === 'EADDRNOTAVAIL')
    return `This machine has no address ${settings.hostname}: set HOST to one of its addresses, or 0.0.0.0.`;
  if (isDatabaseUnavailable(error)) return `Portico cannot reach its database at ${where(settings.target)}.`;
  const cause = error instanceof StartUpError ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  if (error instanceof StartUpError && error.stage === 'migration')
    return `The database migrations failed (${reason}); nothing else was started.`;
  if (error instanceof StartUpError && error.stage === 'seed') return `Seeding the demo data failed: ${reason}`;
  if (error instanceof StartUpError && error.stage === 'build') return `Building Portico failed: ${reason}`;
  return `Portico could not start: ${reason}`;
}

/** The database's address without its password. */
function where(target: DatabaseTarget): string {
  if (target.kind === 'pglite') return target.dataDir ?? 'memory';
  try {
    const url = new URL(target.url);
    return `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
