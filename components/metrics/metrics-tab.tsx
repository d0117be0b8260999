import Link from 'next/link';
import { getDb } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { metricsRanges, rangeDescriptions, rangeLabels, type MetricsRange } from '@/lib/metrics/ranges';
import { formatBytes, formatMs, latencySummary, requestsSummary } from '@/lib/metrics/summaries';
import { getMetricsReport, type MetricsSubject } from '@/lib/queries/metrics';
import { chartData } from './chart-data';
import { LazyLatencyChart, LazyRequestsChart } from './lazy-charts';
import { ChartFigure, ErrorCodesTable, RecentCallsTable, TopTable } from './metrics-tables';

const subjectNames: Record<MetricsSubject['kind'], string> = {
  client: 'this client version',
  api: 'this API version',
  plan: 'this plan version',
};

/**
 * The Metrics tab of a client, API or plan version (console) and a client's traffic (portal):
 * range links, totals, the two charts with their summaries, top list, error codes, last calls.
 */
export async function MetricsTab({
  caller,
  subject,
  range,
  rangeHref,
}: {
  caller: Caller;
  subject: MetricsSubject;
  range: MetricsRange;
  /** The URL of this view with another range. */
  rangeHref: (range: MetricsRange) => string;
}) {
  const report = await getMetricsReport(getDb(), caller, subject, range);
  if (!report)
    return <p className="text-sm text-slate-600">You may not see the metrics of {subjectNames[subject.kind]}.</p>;
  if (!report.everRecorded) {
    return (
      <section
        aria-labelledby="metrics-empty"
        className="space-y-2 rounded-lg border border-dashed border-slate-300 bg-white p-8 text-center"
      >
        <h2 id="metrics-empty" className="text-lg font-medium">
          No calls recorded yet
        </h2>
        <p className="text-sm text-slate-600">
          {subject.kind === 'client'
            ? 'Calls through the gateway with this client version’s API key appear here within a few seconds.'
            : `Calls through the gateway to ${subjectNames[subject.kind]} appear here within a few seconds.`}
        </p>
      </section>
    );
  }
  const { totals } = report;
  const charts = chartData(report);
  const stats: [string, string][] = [
    ['Requests', totals.requests.toLocaleString('en-US')],
    ['Success', totals.success.toLocaleString('en-US')],
    ['Policy failures', totals.policyFailure.toLocaleString('en-US')],
    ['Errors', totals.error.toLocaleString('en-US')],
    ['Latency p50', formatMs(totals.p50)],
    ['Latency p95', formatMs(totals.p95)],
    ['Latency p99', formatMs(totals.p99)],
    ['Data in / out', `${formatBytes(totals.bytesIn)} / ${formatBytes(totals.bytesOut)}`],
  ];
  return (
    <div className="space-y-6">
      <nav aria-label="Range" className="flex flex-wrap items-center gap-1 text-sm">
        <span className="mr-2 text-slate-600">Range</span>
        {metricsRanges.map((r) => (
          <Link
            key={r}
            href={rangeHref(r)}
            scroll={false}
            aria-current={r === range ? 'page' : undefined}
            aria-label={`Show ${rangeDescriptions[r]}`}
            className={`rounded-md px-3 py-1 ${r === range ? 'bg-indigo-600 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200 hover:bg-slate-50'}`}
          >
            {rangeLabels[r]}
          </Link>
        ))}
      </nav>
      <dl
        aria-label="Totals"
        className="grid grid-cols-2 gap-3 rounded-lg border border-slate-200 bg-white p-4 text-sm sm:grid-cols-4"
      >
        {stats.map(([label, value]) => (
          <div key={label}>
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-lg font-semibold">{value}</dd>
          </div>
        ))}
      </dl>
      <div className="grid gap-6 lg:grid-cols-2">
        <ChartFigure id="metrics-requests" title="Requests over time (UTC)" summary={requestsSummary(report)}>
          <LazyRequestsChart data={charts} stepMs={report.stepMs} />
        </ChartFigure>
        <ChartFigure id="metrics-latency" title="Latency over time (UTC)" summary={latencySummary(report)}>
          <LazyLatencyChart data={charts} stepMs={report.stepMs} />
        </ChartFigure>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <TopTable title={subject.kind === 'client' ? 'Top APIs' : 'Top clients'} rows={report.top} />
        <ErrorCodesTable rows={report.errorCodes} />
      </div>
      <RecentCallsTable rows={report.recent} counterpart={subject.kind === 'client' ? 'API' : 'Client'} />
    </div>
  );
}
