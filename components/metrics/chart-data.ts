/**
 * What the two metrics charts are given, shaped here so tests can read it: every period of the
 * range (no calls = zero requests, and no latency point), one set of x ticks both charts share,
 * latency y ticks whose labels fit the axis, and whether lone points must be drawn as dots.
 * Times are UTC everywhere, as in the tables below the charts, and say so.
 */

export interface RequestsPoint {
  t: number;
  success: number;
  policyFailure: number;
  error: number;
}

export interface LatencyPoint {
  t: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

export interface ChartData {
  requests: RequestsPoint[];
  latency: LatencyPoint[];
  /** Period starts labelled on both charts' x axis. */
  xTicks: number[];
  /** How far apart the x ticks are: decides their label ("14:00" or "Dec 7"). */
  tickEveryMs: number;
  /** Latency axis ticks in ms, from 0 to at least the highest percentile drawn. */
  latencyTicks: number[];
  /**
   * A line needs two points: with fewer than two periods holding calls, each is drawn as a dot
   * (with one period of data the line chart would otherwise draw nothing).
   */
  latencyDots: boolean;
}

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** At most this many labelled ticks, so labels never crowd on the narrowest chart. */
const maxTicks = 8;

/** Tick spacings people read easily, aligned on UTC boundaries (every 10 min, 4 h, a day…). */
const spacings = [
  minute,
  2 * minute,
  5 * minute,
  10 * minute,
  15 * minute,
  30 * minute,
  hour,
  2 * hour,
  3 * hour,
  4 * hour,
  6 * hour,
  12 * hour,
  day,
  2 * day,
  5 * day,
  7 * day,
  10 * day,
  15 * day,
  30 * day,
];

/** The shared x ticks: period starts on a round UTC boundary, spaced so at most `maxTicks` show. */
export function xTicksOf(periods: readonly number[], stepMs: number): { ticks: number[]; everyMs: number } {
  const span = periods.length * stepMs;
  const everyMs = spacings.find((s) => s >= stepMs && Math.ceil(span / s) <= maxTicks) ?? span;
  return { ticks: periods.filter((t) => t % everyMs === 0), everyMs };
}

const pad = (n: number) => String(n).padStart(2, '0');
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** An x tick in UTC, 24-hour: "14:00" within a day, "Dec 7" from a day apart. */
export function formatXTick(t: number, everyMs: number): string {
  const d = new Date(t);
  if (everyMs >= day) return `${months[d.getUTCMonth()]} ${d.getUTCDate()}`;
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Latency axis labels short enough for the axis width: "250 ms", "1 s", "1.5 s". */
export function formatLatencyTick(ms: number): string {
  if (ms >= 1000) return `${Number((ms / 1000).toFixed(2))} s`;
  return `${Number(ms.toFixed(1))} ms`;
}

/** Room for the longest label ("999.5 ms") at the charts' 12 px font; both charts use it, so their plots line up. */
export const yAxisWidth = 64;

/** 0 to a round top above `max`, in at most five round steps (1, 2, 2.5 or 5 × 10ⁿ ms). */
export function latencyTicksOf(max: number): number[] {
  if (!(max > 0)) return [0];
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const top = Math.ceil(max / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, i) => Number((i * step).toFixed(6)));
}

const hasCalls = (p: RequestsPoint) => p.success + p.policyFailure + p.error > 0;

/** The charts' data for a report's periods. */
export function chartData(report: {
  stepMs: number;
  series: readonly RequestsPoint[];
  latency: readonly LatencyPoint[];
}): ChartData {
  const requests = report.series.map((p) => ({
    t: p.t,
    success: p.success || 0,
    policyFailure: p.policyFailure || 0,
    error: p.error || 0,
  }));
  const called = new Set(requests.filter(hasCalls).map((p) => p.t));
  // A period without calls has no latency: null, so the line passes over it (connectNulls) instead of dropping to 0.
  const latency = report.latency.map((p) =>
    called.has(p.t) ? { t: p.t, p50: p.p50, p95: p.p95, p99: p.p99 } : { t: p.t, p50: null, p95: null, p99: null },
  );
  const highest = Math.max(0, ...latency.flatMap((p) => [p.p50 ?? 0, p.p95 ?? 0, p.p99 ?? 0]));
  const { ticks, everyMs } = xTicksOf(
    requests.map((p) => p.t),
    report.stepMs,
  );
  return {
    requests,
    latency,
    xTicks: ticks,
    tickEveryMs: everyMs,
    latencyTicks: latencyTicksOf(highest),
    latencyDots: latency.filter((p) => p.p50 !== null).length < 2,
  };
}
