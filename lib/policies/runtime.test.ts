import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger, replaceLogger } from '@/lib/server/logger';
import { compileChain } from './runtime';

let restore = () => {};
afterEach(() => restore());

/** The process's log, captured: every line as parsed JSON. */
function captureLog(level: string): Record<string, unknown>[] {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  restore = replaceLogger(createLogger(destination, level));
  return lines;
}

const scope = { apiVersionId: 1, clientVersionId: null, planVersionId: null };

describe('a stored policy the gateway cannot apply', () => {
  it('is logged through the structured log, at error level', () => {
    const lines = captureLog('info');
    const chain = compileChain([{ id: 7, type: 'NoSuchType', config: {} }], { scope });
    expect(chain.policies).toHaveLength(1);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 50,
        msg: 'policy refused at compile time',
        reason: expect.stringContaining('policy 7'),
      }),
    ]);
  });

  it('is not logged below LOG_LEVEL', () => {
    const lines = captureLog('fatal');
    compileChain([{ id: 8, type: 'NoSuchType', config: {} }], { scope });
    expect(lines).toEqual([]);
  });
});
