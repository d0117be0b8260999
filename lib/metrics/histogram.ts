/**
 * The fixed latency buckets every roll-up row and the Prometheus histograms share: upper bounds in
 * milliseconds, the last bucket open-ended. Fixed buckets let counts from many rows (minutes,
 * clients, processes) be added up and still answer percentiles.
 */
export const latencyBoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000] as const;

/** Number of buckets: one per bound plus the open-ended last one. */
export const latencyBucketCount = latencyBoundsMs.length + 1;

/** Index of the bucket a duration falls into (bound inclusive, as Prometheus' `le`). */
export function latencyBucketOf(ms: number): number {
  for (let i = 0; i < latencyBoundsMs.length; i++) {
    if (ms <= (latencyBoundsMs[i] ?? 0)) return i;
  }
  return latencyBoundsMs.length;
}

export function emptyBuckets(): number[] {
  return new Array<number>(latencyBucketCount).fill(0);
}

/**
 * The q-quantile (0 < q ≤ 1) of a bucketed distribution, interpolated linearly inside its bucket;
 * the open-ended bucket answers its lower bound. Null when there are no observations.
 */
export function quantile(buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = i === 0 ? 0 : (latencyBoundsMs[i - 1] ?? 0);
      const upper = latencyBoundsMs[i];
      if (upper === undefined) return lower;
      return lower + ((upper - lower) * (rank - seen)) / n;
    }
    seen += n;
  }
  return latencyBoundsMs[latencyBoundsMs.length - 1] ?? null;
}

export interface Percentiles {
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export function percentilesOf(buckets: readonly number[]): Percentiles {
  return { p50: quantile(buckets, 0.5), p95: quantile(buckets, 0.95), p99: quantile(buckets, 0.99) };
}
