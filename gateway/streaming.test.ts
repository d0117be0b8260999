import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApiVersion } from '@/test/factories';
import { demoWorld, type DemoWorld } from '@/test/world';
import { startStreamingPeer, type StreamingPeer, type TransferResult } from './streaming-peer';
import { startTestGateway, within, type TestGateway } from './test-support';

/** Bodies go through the gateway as streams: 50 MB each way without the process growing by 30 MB. */
const size = 50 * 1024 * 1024;
const limit = 30 * 1024 * 1024;
let testDb: DemoWorld;
let peer: StreamingPeer;
let gw: TestGateway;
const base = () => `${gw.url}/gateway/acme-support/big-bodies/1.0`;

beforeAll(async () => {
  peer = await startStreamingPeer();
  testDb = await demoWorld(peer.backendUrl);
  await makeApiVersion(testDb.db, testDb.ids.orgs.support, {
    slug: 'big-bodies',
    status: 'Published',
    isPublic: true,
    endpointUrl: peer.backendUrl,
  });
  gw = await startTestGateway(testDb.database);
  await within(
    1_000,
    async () => (await peer.transfer('download', `${base()}/download/10`)).status,
    (s) => s === 200,
  );
});
afterAll(async () => {
  await gw.close();
  peer.stop();
  await testDb.cleanup();
});

/** A full garbage collection, so that only memory still held counts (chunks already passed on do not). */
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;
const held = () => {
  collectGarbage();
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

/**
 * The most memory held while `work` runs, above what was held before. A gateway that buffered a
 * body would hold all of it at some point; one that streams holds a few chunks.
 */
async function peakGrowth(work: () => Promise<void>): Promise<number> {
  const before = held();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, held())), 50);
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  return peak - before;
}

describe('streamed bodies', () => {
  it('a 50 MB download passes through with memory growing less than 30 MB', { timeout: 120_000 }, async () => {
    let answer: TransferResult | null = null;
    const growth = await peakGrowth(async () => {
      answer = await peer.transfer('download', `${base()}/download/${size}`);
    });
    expect(answer).toMatchObject({ status: 200, bytes: size });
    expect(growth).toBeLessThan(limit);
  });

  it('a 50 MB upload passes through with memory growing less than 30 MB', { timeout: 120_000 }, async () => {
    let answer: TransferResult = { status: 0, bytes: 0, text: '' };
    const growth = await peakGrowth(async () => {
      answer = await peer.transfer('upload', `${base()}/upload`, size);
    });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toEqual({ received: size });
    expect(growth).toBeLessThan(limit);
  });
});
