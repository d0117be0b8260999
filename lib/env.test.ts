import { afterEach, describe, expect, it } from 'vitest';
import { servedOverHttps } from '@/lib/auth/cookies';
import { originOf } from '@/lib/http/public-url';
import { checkEnv, ConfigError, env } from './env';

const saved = process.env.PORTICO_DB_POOL;
afterEach(() => {
  if (saved === undefined) delete process.env.PORTICO_DB_POOL;
  else process.env.PORTICO_DB_POOL = saved;
});

function problemOf(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('the configuration', () => {
  it('gives each variable its default when unset or blank', () => {
    expect(env('PORT', {})).toBe(3000);
    expect(env('HOST', { HOST: '  ' })).toBe('127.0.0.1');
    expect(env('PORTICO_DB_POOL', { PORTICO_DB_POOL: '' })).toBe(10);
    expect(env('DATABASE_URL', { DATABASE_URL: '' })).toBeUndefined();
    expect(env('PORTICO_SELF_REGISTRATION', {})).toBe(true);
    expect(env('LOG_LEVEL', {})).toBe('info');
  });

  it('parses switches, numbers and ports', () => {
    expect(env('PORTICO_SELF_REGISTRATION', { PORTICO_SELF_REGISTRATION: 'False' })).toBe(false);
    expect(env('PORTICO_METRICS_RECORDING', { PORTICO_METRICS_RECORDING: '0' })).toBe(false);
    expect(env('PORTICO_SEED', { PORTICO_SEED: '1' })).toBe(true);
    expect(env('PORTICO_METRICS_RAW_DAYS', { PORTICO_METRICS_RAW_DAYS: '0.5' })).toBe(0.5);
    expect(env('GATEWAY_PORT', { GATEWAY_PORT: ' 0 ' })).toBe(0);
  });

  it('refuses a value it cannot use, naming the variable and the value', () => {
    expect(problemOf(() => env('PORT', { PORT: 'eighty' }))).toBe('PORT: "eighty" is not a port number (0 to 65535).');
    expect(problemOf(() => env('GATEWAY_PORT', { GATEWAY_PORT: '70000' }))).toBe(
      'GATEWAY_PORT: "70000" is not a port number (0 to 65535).',
    );
    expect(problemOf(() => env('PORTICO_DB_POOL', { PORTICO_DB_POOL: '0' }))).toBe(
      'PORTICO_DB_POOL: "0" is not a whole number above 0.',
    );
    expect(problemOf(() => env('PORTICO_METRICS_RAW_DAYS', { PORTICO_METRICS_RAW_DAYS: 'week' }))).toBe(
      'PORTICO_METRICS_RAW_DAYS: "week" is not a number above 0.',
    );
    expect(problemOf(() => env('PORTICO_SELF_REGISTRATION', { PORTICO_SELF_REGISTRATION: 'nope' }))).toBe(
      'PORTICO_SELF_REGISTRATION: "nope" is not 1/0, true/false, on/off or yes/no.',
    );
    expect(problemOf(() => env('LOG_LEVEL', { LOG_LEVEL: 'loud' }))).toMatch(
      /^LOG_LEVEL: "loud" is not one of trace, /,
    );
    expect(problemOf(() => env('PORTICO_PUBLIC_URL', { PORTICO_PUBLIC_URL: 'portal.example' }))).toBe(
      'PORTICO_PUBLIC_URL: "portal.example" is not an http:// or https:// address.',
    );
    expect(problemOf(() => env('PORTICO_TRUSTED_PROXIES', { PORTICO_TRUSTED_PROXIES: '10.0.0.1, proxy' }))).toBe(
      'PORTICO_TRUSTED_PROXIES: "10.0.0.1, proxy" — "proxy" is not an IP address or CIDR range.',
    );
  });

  it('never repeats the value of a connection URL it refuses (it may hold a password)', () => {
    const message = problemOf(() => env('DATABASE_URL', { DATABASE_URL: 'mysql://admin:hunter2@db/portico' }));
    expect(message).toBe('DATABASE_URL: the value is not a postgres:// URL.');
    expect(message).not.toContain('hunter2');
  });

  it('checks every variable at once, one line per wrong one', () => {
    expect(problemOf(() => checkEnv({ PORT: 'x', LOG_LEVEL: 'loud', HOST: '0.0.0.0' })).split('\n')).toEqual([
      'PORT: "x" is not a port number (0 to 65535).',
      expect.stringMatching(/^LOG_LEVEL: "loud"/),
    ]);
    expect(() => checkEnv({ PORT: '8000', PORTICO_PUBLIC_URL: 'https://portal.example' })).not.toThrow();
  });

  it('sees a change to the process environment at the next read', () => {
    process.env.PORTICO_DB_POOL = '4';
    expect(env('PORTICO_DB_POOL')).toBe(4);
    process.env.PORTICO_DB_POOL = '5';
    expect(env('PORTICO_DB_POOL')).toBe(5);
    delete process.env.PORTICO_DB_POOL;
    expect(env('PORTICO_DB_POOL')).toBe(10);
  });

  it('reads PORTICO_PUBLIC_URL one way for the origin shown and the cookies', () => {
    const source = { PORTICO_PUBLIC_URL: ' HTTPS://Portal.Example/ ' };
    expect(originOf(new Headers({ host: 'internal:3000' }), source)).toBe('https://portal.example');
    expect(servedOverHttps(source)).toBe(true);
  });
});
