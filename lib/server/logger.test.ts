import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger';
import { requestContextStore } from './request-context';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger(destination, 'info') };
}

describe('the log', () => {
  it('writes one JSON line per event, with the request id of the request being served', () => {
    const { lines, logger } = capture();
    requestContextStore().run({ requestId: 'req-1' }, () => logger.info({ status: 200 }, 'request'));
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ requestId: 'req-1', status: 200, msg: 'request' });
  });

  it('never writes a password, key, token or cookie', () => {
    const { lines, logger } = capture();
    logger.info({ password: 'pw-secret-1', key: 'key-secret-2', token: 'tok-secret-3' }, 'fields');
    logger.info({ input: { password: 'pw-secret-4', apiKey: 'key-secret-5' } }, 'nested');
    logger.info({ headers: { cookie: 'authjs.session-token=cookie-secret-6', authorization: 'Bearer tok-secret-7' } });
    const failedQuery = Object.assign(new Error('Failed query: insert into api_keys\nparams: key-secret-8,x'), {
      params: ['key-secret-8', 'x'],
      cause: new Error('write ECONNRESET'),
    });
    logger.error({ err: failedQuery }, 'action failed');
    const all = lines.join('\n');
    for (let n = 1; n <= 8; n++) expect(all).not.toMatch(new RegExp(`secret-${n}`));
    expect(all).toContain('write ECONNRESET'); // the cause is kept
  });
});
