import type { MetricsReport, RecentCall } from '@/lib/queries/metrics';
import { formatMs } from '@/lib/metrics/summaries';

/** A chart with its title and, for everyone who cannot see the drawing, a text summary. */
export function ChartFigure({
  id,
  title,
  summary,
  children,
}: {
  id: string;
  title: string;
  summary: string;
  children: React.ReactNode;
}) {
  return (
    <figure
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-summary`}
      className="space-y-2 rounded-lg border border-slate-200 bg-white p-4"
    >
      <h3 id={`${id}-title`} className="font-medium">
        {title}
      </h3>
      {children}
      <figcaption id={`${id}-summary`} className="text-sm text-slate-600">
        {summary}
      </figcaption>
    </figure>
  );
}

const cell = 'px-3 py-2 text-left';

export function TopTable({ title, rows }: { title: string; rows: MetricsReport['top'] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <table className="w-full text-sm">
        <caption className="mb-2 text-left font-medium">{title}</caption>
        <thead className="text-slate-600">
          <tr>
            <th className={cell}>Name</th>
            <th className={`${cell} text-right`}>Requests</th>
            <th className={`${cell} text-right`}>Failures</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={3} className={`${cell} text-slate-600`}>
                No calls in this range.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.label} className="border-t border-slate-100">
                <td className={cell}>{row.label}</td>
                <td className={`${cell} text-right tabular-nums`}>{row.requests.toLocaleString('en-US')}</td>
                <td className={`${cell} text-right tabular-nums`}>{row.failures.toLocaleString('en-US')}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

export function ErrorCodesTable({ rows }: { rows: MetricsReport['errorCodes'] }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-4">
      <table className="w-full text-sm">
        <caption className="mb-2 text-left font-medium">Error codes</caption>
        <thead className="text-slate-600">
          <tr>
            <th className={cell}>Code</th>
            <th className={`${cell} text-right`}>Requests</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={2} className={`${cell} text-slate-600`}>
                No failures in this range.
              </td>
            </tr>
          ) : (
            rows.map((row) => (
              <tr key={row.code} className="border-t border-slate-100">
                <td className={`${cell} font-mono`}>{row.code}</td>
                <td className={`${cell} text-right tabular-nums`}>{row.requests.toLocaleString('en-US')}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}

const responseTypeLabels: Record<RecentCall['responseType'], string> = {
  success: 'Success',
  policy_failure: 'Policy failure',
  error: 'Error',
};

export function RecentCallsTable({ rows, counterpart }: { rows: RecentCall[]; counterpart: 'API' | 'Client' }) {
  return (
    <section className="overflow-x-auto rounded-lg border border-slate-200 bg-white p-4">
      <table className="w-full text-sm">
        <caption className="mb-2 text-left font-medium">Last 50 calls</caption>
        <thead className="text-slate-600">
          <tr>
            <th className={cell}>Time (UTC)</th>
            <th className={cell}>{counterpart}</th>
            <th className={cell}>Method</th>
            <th className={cell}>Path</th>
            <th className={cell}>Status</th>
            <th className={cell}>Response</th>
            <th className={`${cell} text-right`}>Gateway</th>
            <th className={`${cell} text-right`}>Backend</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={8} className={`${cell} text-slate-600`}>
                No recent calls kept.
              </td>
            </tr>
          ) : (
            rows.map((call) => (
              <tr key={call.id} className="border-t border-slate-100">
                <td className={`${cell} whitespace-nowrap tabular-nums`}>
                  <time dateTime={call.at.toISOString()}>{call.at.toISOString().slice(0, 19).replace('T', ' ')}</time>
                </td>
                <td className={cell}>{call.counterpart}</td>
                <td className={`${cell} font-mono`}>{call.method}</td>
                <td className={`${cell} max-w-xs truncate font-mono`} title={call.path}>
                  {call.path}
                </td>
                <td className={`${cell} tabular-nums`}>{call.status}</td>
                <td className={cell}>
                  {responseTypeLabels[call.responseType]}
                  {call.failureCode ? <span className="ml-1 font-mono text-xs">({call.failureCode})</span> : null}
                </td>
                <td className={`${cell} text-right tabular-nums`}>{formatMs(call.gatewayMs)}</td>
                <td className={`${cell} text-right tabular-nums`}>{formatMs(call.backendMs)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </section>
  );
}
