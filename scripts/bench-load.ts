import { cpuMsOf } from './bench-gateway-targets';

/**
 * What the load benches (`gateway`, `pages`) share: one run's figures, the medians of several runs,
 * the order of the rows in a round and how a figure's values are shown.
 */
export interface Measure {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time of the target's process per request, in microseconds (when its process is known). */
  cpuUsPerRequest?: number | null;
}

export const median = (values: number[]) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((p, q) => p - q);
  return sorted.length === 0 ? Number.NaN : (sorted[Math.floor(sorted.length / 2)] ?? Number.NaN);
};

/** The run of median throughput (its latencies with it), and the median CPU time per request. */
export function medianOf(runs: Measure[]): Measure {
  const sorted = [...runs].sort((x, y) => x.rps - y.rps);
  const middle = sorted[Math.floor(sorted.length / 2)] ?? {
    rps: Number.NaN,
    p50: Number.NaN,
    p99: Number.NaN,
    errors: 0,
  };
  const cpu = runs.flatMap((r) => (r.cpuUsPerRequest == null ? [] : [r.cpuUsPerRequest]));
  return { ...middle, cpuUsPerRequest: cpu.length ? median(cpu) : null };
}

/**
 * The rows measured back to back in a round, in turn: round 1 starts with the second, round 2 with
 * the third (or the first again for a pair)… so no row always runs first, when the machine may be
 * busiest, or right after the heaviest one.
 */
export function inTurn<T>(rows: readonly T[], round: number): T[] {
  const shift = rows.length ? round % rows.length : 0;
  return [...rows.slice(shift), ...rows.slice(0, shift)];
}

/**
 * A run at the target's maximum load, with the CPU time its process spent per request: on a
 * machine busy with other work the requests per second swing, the CPU a request costs much less.
 */
export async function withCpu(pid: number | undefined, seconds: number, run: () => Promise<Measure>): Promise<Measure> {
  const before = cpuMsOf(pid);
  const measure = await run();
  const after = cpuMsOf(pid);
  const requests = measure.rps * seconds;
  return {
    ...measure,
    cpuUsPerRequest: before === null || after === null || requests === 0 ? null : ((after - before) * 1000) / requests,
  };
}

export const fmt = (n: number | null | undefined, digits = 2) =>
  n === undefined || n === null || Number.isNaN(n) ? '—' : n.toFixed(digits);

/** A figure's values over the rounds, as its range. */
export const spread = (values: number[]) =>
  values.length ? `${fmt(Math.min(...values))} … ${fmt(Math.max(...values))} over ${values.length} rounds` : '';
