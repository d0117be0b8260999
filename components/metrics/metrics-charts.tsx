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
import { formatMs, formatPeriod } from '@/lib/metrics/summaries';
import { formatLatencyTick, formatXTick, yAxisWidth, type ChartData } from './chart-data';

/**
 * The x axis both charts share: the same ticks (UTC), the same band layout (a line's points sit at
 * the centre of the bars' periods) and, with the same y axis width, the same plot width.
 */
function sharedXAxis(data: ChartData) {
  return (
    <XAxis
      dataKey="t"
      scale="band"
      ticks={data.xTicks}
      interval={0}
      tickFormatter={(t: number) => formatXTick(t, data.tickEveryMs)}
      fontSize={12}
    />
  );
}

const tooltipLabel = (stepMs: number) => (t: unknown) => (typeof t === 'number' ? formatPeriod(t, stepMs) : String(t));

/**
 * Requests per period, stacked by response type. Drawn in the browser; the figure around it carries
 * the title and the text summary, so the drawing is one image to assistive technology.
 */
export function RequestsChart({ data, stepMs }: { data: ChartData; stepMs: number }) {
  return (
    <div className="h-64 w-full" role="img" aria-label="Chart of requests per period by response type">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data.requests} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {sharedXAxis(data)}
          <YAxis allowDecimals={false} width={yAxisWidth} fontSize={12} />
          <Tooltip labelFormatter={tooltipLabel(stepMs)} />
          <Legend />
          <Bar dataKey="success" name="Success" stackId="calls" fill="#16a34a" isAnimationActive={false} />
          <Bar dataKey="policyFailure" name="Policy failure" stackId="calls" fill="#d97706" isAnimationActive={false} />
          <Bar dataKey="error" name="Error" stackId="calls" fill="#dc2626" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/**
 * Latency percentiles per period. Periods without calls have no point and the line passes over
 * them; with a single period of calls its values are drawn as dots.
 */
export function LatencyChart({ data, stepMs }: { data: ChartData; stepMs: number }) {
  const dot = data.latencyDots ? { r: 4 } : false;
  const top = data.latencyTicks[data.latencyTicks.length - 1] ?? 0;
  return (
    <div className="h-64 w-full" role="img" aria-label="Chart of latency percentiles per period">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data.latency} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {sharedXAxis(data)}
          <YAxis
            width={yAxisWidth}
            fontSize={12}
            ticks={data.latencyTicks}
            domain={[0, top]}
            interval={0}
            tickFormatter={formatLatencyTick}
          />
          <Tooltip
            labelFormatter={tooltipLabel(stepMs)}
            formatter={(v) => (typeof v === 'number' ? formatMs(v) : String(v))}
          />
          <Legend />
          <Line dataKey="p50" name="p50" stroke="#4f46e5" dot={dot} connectNulls isAnimationActive={false} />
          <Line dataKey="p95" name="p95" stroke="#0891b2" dot={dot} connectNulls isAnimationActive={false} />
          <Line dataKey="p99" name="p99" stroke="#be185d" dot={dot} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
