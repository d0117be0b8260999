import { describe, expect, it } from 'vitest';
import { chartData, formatLatencyTick, formatXTick, latencyTicksOf, xTicksOf } from './chart-data';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const start = Date.UTC(2026, 11, 7, 0, 0);

/** A report's periods: calls only where `calls` says, latency as the query answers it (null without calls). */
function report(stepMs: number, count: number, calls: Record<number, { n: number; p50: number; p99: number }>) {
  const periods = Array.from({ length: count }, (_, i) => start + i * stepMs);
  return {
    stepMs,
    series: periods.map((t, i) => ({ t, success: calls[i]?.n ?? 0, policyFailure: 0, error: 0 })),
    latency: periods.map((t, i) => ({
      t,
      p50: calls[i]?.p50 ?? null,
      p95: calls[i] ? calls[i].p99 - 1 : null,
      p99: calls[i]?.p99 ?? null,
    })),
  };
}

describe('chartData', () => {
  it('one period with calls: every period is still given, and the latency is drawn as dots', () => {
    const data = chartData(report(minute, 60, { 59: { n: 3, p50: 9.2, p99: 12 } }));
    expect(data.requests).toHaveLength(60);
    expect(data.latency.filter((p) => p.p50 !== null)).toEqual([
      { t: start + 59 * minute, p50: 9.2, p95: 11, p99: 12 },
    ]);
    expect(data.latencyDots).toBe(true);
  });

  it('gaps: no calls is zero requests, and no latency point (the line passes over it)', () => {
    const data = chartData(
      report(hour, 24, { 2: { n: 5, p50: 10, p99: 40 }, 3: { n: 0, p50: 0, p99: 0 }, 9: { n: 1, p50: 20, p99: 90 } }),
    );
    expect(data.requests[5]).toEqual({ t: start + 5 * hour, success: 0, policyFailure: 0, error: 0 });
    expect(data.requests.every((p) => p.success >= 0 && p.policyFailure === 0 && p.error === 0)).toBe(true);
    // A period without calls gives no point, not a 0 ms one, whatever the percentiles said.
    expect(data.latency[3]).toEqual({ t: start + 3 * hour, p50: null, p95: null, p99: null });
    expect(data.latency[5]?.p50).toBeNull();
    expect(data.latency.filter((p) => p.p50 !== null).map((p) => p.t)).toEqual([start + 2 * hour, start + 9 * hour]);
    expect(data.latencyDots).toBe(false);
  });

  it('both charts get the same x ticks, on round UTC boundaries', () => {
    const data = chartData(report(hour, 24, {}));
    expect(data.xTicks).toEqual([0, 3, 6, 9, 12, 15, 18, 21].map((h) => start + h * hour));
    expect(data.xTicks.map((t) => formatXTick(t, data.tickEveryMs))).toEqual([
      '00:00',
      '03:00',
      '06:00',
      '09:00',
      '12:00',
      '15:00',
      '18:00',
      '21:00',
    ]);
  });

  it('latency ticks reach above the highest percentile in round steps', () => {
    const data = chartData(report(minute, 60, { 1: { n: 1, p50: 100, p99: 870 }, 2: { n: 1, p50: 50, p99: 60 } }));
    expect(data.latencyTicks).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(data.latencyTicks.map(formatLatencyTick)).toEqual(['0 ms', '200 ms', '400 ms', '600 ms', '800 ms', '1 s']);
  });
});

describe('xTicksOf', () => {
  it('spaces ticks so at most eight show, for every range', () => {
    const periodsOf = (stepMs: number, count: number, from = start) =>
      Array.from({ length: count }, (_, i) => from + i * stepMs);
    // The last hour, starting mid-hour: every 10 minutes on the UTC clock.
    const lastHour = xTicksOf(periodsOf(minute, 60, start + 37 * minute), minute);
    expect(lastHour.everyMs).toBe(10 * minute);
    expect(lastHour.ticks.map((t) => formatXTick(t, lastHour.everyMs))).toEqual([
      '00:40',
      '00:50',
      '01:00',
      '01:10',
      '01:20',
      '01:30',
    ]);
    const week = xTicksOf(periodsOf(hour, 7 * 24), hour);
    expect(week.everyMs).toBe(day);
    expect(week.ticks.map((t) => formatXTick(t, week.everyMs))).toEqual([
      'Dec 7',
      'Dec 8',
      'Dec 9',
      'Dec 10',
      'Dec 11',
      'Dec 12',
      'Dec 13',
    ]);
    for (const [stepMs, count] of [
      [day, 30],
      [day, 90],
    ] as const)
      expect(xTicksOf(periodsOf(stepMs, count), stepMs).ticks.length).toBeLessThanOrEqual(8);
  });
});

describe('latency axis labels', () => {
  it('stay short enough for the axis: ms below a second, s from one', () => {
    expect(latencyTicksOf(0)).toEqual([0]);
    expect(latencyTicksOf(9.2)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(latencyTicksOf(1200).map(formatLatencyTick)).toEqual([
      '0 ms',
      '250 ms',
      '500 ms',
      '750 ms',
      '1 s',
      '1.25 s',
    ]);
    expect(formatLatencyTick(2.5)).toBe('2.5 ms');
  });
});
