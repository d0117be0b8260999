import type { MetricsReport } from '@/lib/queries/metrics';
import { rangeDescriptions } from './ranges';

/** Milliseconds as a person reads them: one decimal below 10 ms, whole numbers above. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  return ms < 10 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** A period's start in UTC, as precise as the chart's periods. */
export function formatPeriod(t: number, stepMs: number): string {
  const iso = new Date(t).toISOString();
  return stepMs >= 86_400_000 ? iso.slice(0, 10) : `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** The requests chart in words, for those who do not see it. */
export function requestsSummary(report: MetricsReport): string {
  const { totals } = report;
  const when = rangeDescriptions[report.range];
  if (totals.requests === 0) return `No requests in ${when}.`;
  const busiest = report.series.reduce(
    (best, p) => {
      const n = p.success + p.policyFailure + p.error;
      return n > best.n ? { t: p.t, n } : best;
    },
    { t: 0, n: 0 },
  );
  return (
    `${plural(totals.requests, 'request', 'requests')} in ${when}: ${totals.success.toLocaleString('en-US')} success, ` +
    `${plural(totals.policyFailure, 'policy failure', 'policy failures')}, ${plural(totals.error, 'error', 'errors')}. ` +
    `Busiest period: ${formatPeriod(busiest.t, report.stepMs)} with ${plural(busiest.n, 'request', 'requests')}.`
  );
}

/** The latency chart in words. */
export function latencySummary(report: MetricsReport): string {
  const { totals } = report;
  const when = rangeDescriptions[report.range];
  if (totals.requests === 0) return `No latency to show for ${when}.`;
  return `Over ${when}: median ${formatMs(totals.p50)}, 95th percentile ${formatMs(totals.p95)}, 99th percentile ${formatMs(totals.p99)} at the gateway.`;
}
