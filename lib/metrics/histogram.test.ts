import { describe, expect, it } from 'vitest';
import { emptyBuckets, latencyBucketCount, latencyBucketOf, percentilesOf, quantile } from './histogram';

function bucketsOf(durations: number[]): number[] {
  const buckets = emptyBuckets();
  for (const ms of durations) buckets[latencyBucketOf(ms)] = (buckets[latencyBucketOf(ms)] ?? 0) + 1;
  return buckets;
}

describe('latency buckets', () => {
  it('puts a duration on a bound into that bound’s bucket and huge ones into the last', () => {
    expect(latencyBucketOf(0)).toBe(0);
    expect(latencyBucketOf(1)).toBe(0);
    expect(latencyBucketOf(1.5)).toBe(1);
    expect(latencyBucketOf(100)).toBe(6);
    expect(latencyBucketOf(10 * 60_000)).toBe(latencyBucketCount - 1);
  });

  it('answers no percentile without observations', () => {
    expect(percentilesOf(emptyBuckets())).toEqual({ p50: null, p95: null, p99: null });
  });

  it('finds percentiles within the bucket that holds them', () => {
    // 90 fast calls (≤ 10 ms) and 10 slow ones (250–500 ms)
    const buckets = bucketsOf([...new Array<number>(90).fill(8), ...new Array<number>(10).fill(400)]);
    const p50 = quantile(buckets, 0.5) ?? 0;
    expect(p50).toBeGreaterThan(5);
    expect(p50).toBeLessThanOrEqual(10);
    const p99 = quantile(buckets, 0.99) ?? 0;
    expect(p99).toBeGreaterThan(250);
    expect(p99).toBeLessThanOrEqual(500);
  });

  it('orders p50 ≤ p95 ≤ p99', () => {
    const { p50, p95, p99 } = percentilesOf(bucketsOf([1, 3, 7, 20, 40, 90, 200, 450, 900, 2000, 40_000]));
    expect(p50).not.toBeNull();
    expect(p50 ?? 0).toBeLessThanOrEqual(p95 ?? 0);
    expect(p95 ?? 0).toBeLessThanOrEqual(p99 ?? 0);
  });
});
