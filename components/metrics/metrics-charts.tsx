'use client';

import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

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

/** Axis labels in the viewer's time zone: a minute or hour for short ranges, a date for long ones. */
function tickFormatter(stepMs: number) {
  return (t: number) => {
    const date = new Date(t);
    return stepMs >= 86_400_000
      ? date.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
      : stepMs >= 3_600_000
        ? date.toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' })
        : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  };
}

const labelOf = (t: unknown) => (typeof t === 'number' ? new Date(t).toLocaleString() : String(t));

/**
 * Requests per period, stacked by response type. Drawn in the browser; the figure around it carries
 * the title and the text summary, so the drawing is one image to assistive technology.
 */
export function RequestsChart({ points, stepMs }: { points: RequestsPoint[]; stepMs: number }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Chart of requests per period by response type">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" tickFormatter={tickFormatter(stepMs)} minTickGap={24} fontSize={12} />
          <YAxis allowDecimals={false} width={40} fontSize={12} />
          <Tooltip labelFormatter={labelOf} />
          <Legend />
          <Bar dataKey="success" name="Success" stackId="calls" fill="#16a34a" isAnimationActive={false} />
          <Bar dataKey="policyFailure" name="Policy failure" stackId="calls" fill="#d97706" isAnimationActive={false} />
          <Bar dataKey="error" name="Error" stackId="calls" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** Latency percentiles per period, in milliseconds; periods without calls leave a gap. */
export function LatencyChart({ points, stepMs }: { points: LatencyPoint[]; stepMs: number }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Chart of latency percentiles per period">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={points} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" tickFormatter={tickFormatter(stepMs)} minTickGap={24} fontSize={12} />
          <YAxis unit=" ms" width={64} fontSize={12} />
          <Tooltip labelFormatter={labelOf} />
          <Legend />
          <Line dataKey="p50" name="p50" stroke="#4f46e5" dot={false} isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke="#0891b2" dot={false} isAnimationActive={false} />
          <Line dataKey="p99" name="p99" stroke="#be185d" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
