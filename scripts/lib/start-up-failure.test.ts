import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '..', '..');
let dataDir: string;
let blocker: net.Server | null = null;

beforeEach(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'portico-start-'));
});

afterEach(async () => {
  await new Promise((resolve) => (blocker ? blocker.close(resolve) : resolve(undefined)));
  blocker = null;
  rmSync(dataDir, { recursive: true, force: true });
});

/** A port something else already listens on. */
async function busyPort(): Promise<number> {
  const server = net.createServer();
  blocker = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Runs `npm start`'s script to its end; the environment decides where it fails. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    cwd: root,
    env: { ...process.env, HOST: '127.0.0.1', PORTICO_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

describe('a Portico that cannot start', () => {
  it('refuses configuration it cannot use, naming each wrong variable, before opening the database', async () => {
    const { code, stderr } = await start({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      'Portico cannot start with this configuration:',
      '  PORT: "eighty" is not a port number (0 to 65535).',
      expect.stringMatching(/^ {2}LOG_LEVEL: "loud" is not one of trace, debug, info/),
    ]);
    expect(existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  }, 120_000);

  it('exits non-zero on a busy port, saying so, with the database closed and its lock released', async () => {
    const port = await busyPort();
    const { code, stderr } = await start({ PORT: String(port) });
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe(
      `Port ${port} on 127.0.0.1 is already in use: stop what is using it, or set PORT to another port.`,
    );
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  }, 120_000);

  it('exits non-zero when the database cannot be reached, naming where it looked', async () => {
    const port = await busyPort();
    await new Promise((resolve) => blocker?.close(resolve)); // a port nothing listens on
    blocker = null;
    const { code, stderr } = await start({ PORT: '0', DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/portico` });
    expect(code).not.toBe(0);
    expect(stderr.trim()).toBe(`Portico cannot reach its database at 127.0.0.1:${port}/portico.`);
  }, 60_000);

  it('exits non-zero when a migration fails, saying which stage failed', async () => {
    // A database where the first migration's enum type already exists: its CREATE TYPE fails.
    const serverUrl = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
    const name = `portico_start_${Date.now()}`;
    const admin = postgres(serverUrl, { onnotice: () => {}, max: 1 });
    await admin.unsafe(`create database "${name}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    const target = postgres(url.toString(), { onnotice: () => {}, max: 1 });
    try {
      await target.unsafe(`create type api_version_status as enum ('something else')`);
      const { code, stderr } = await start({ PORT: '0', DATABASE_URL: url.toString() });
      expect(code).not.toBe(0);
      expect(stderr.trim()).toMatch(/^The database migrations failed \(.+\); nothing else was started\.$/s);
    } finally {
      await target.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  }, 60_000);
});
