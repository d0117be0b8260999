import { z } from 'zod';
import type { requestMetricRollups } from '@/db/schema';

export type Resolution = (typeof requestMetricRollups.resolution.enumValues)[number];

export const metricsRanges = ['1h', '24h', '7d', '30d', '90d'] as const;
export type MetricsRange = (typeof metricsRanges)[number];

/** The `range` URL parameter of the Metrics tabs; anything else reads as the last 24 hours. */
export const metricsRangeSchema = z.enum(metricsRanges).catch('24h');

export const rangeLabels: Record<MetricsRange, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  '30d': '30 d',
  '90d': '90 d',
};

export const rangeDescriptions: Record<MetricsRange, string> = {
  '1h': 'the last hour',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
  '90d': 'the last 90 days',
};

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

export const periodMs: Record<Resolution, number> = { minute, hour, day };

/**
 * Each range reads the coarsest roll-up that still draws it with enough points, so every chart
 * reads at most about a hundred periods per series whatever the traffic.
 */
const rangeSpecs: Record<MetricsRange, { resolution: Resolution; periods: number }> = {
  '1h': { resolution: 'minute', periods: 60 },
  '24h': { resolution: 'hour', periods: 24 },
  '7d': { resolution: 'hour', periods: 7 * 24 },
  '30d': { resolution: 'day', periods: 30 },
  '90d': { resolution: 'day', periods: 90 },
};

export interface RangeWindow {
  resolution: Resolution;
  stepMs: number;
  /** Start of the first period drawn, and of the current (last) one; periods are UTC-aligned. */
  from: Date;
  last: Date;
  /** The start of every period drawn, oldest first. */
  periods: number[];
}

export function rangeWindow(range: MetricsRange, now: Date = new Date()): RangeWindow {
  const { resolution, periods: count } = rangeSpecs[range];
  const stepMs = periodMs[resolution];
  const last = Math.floor(now.getTime() / stepMs) * stepMs;
  const periods = Array.from({ length: count }, (_, i) => last - (count - 1 - i) * stepMs);
  return { resolution, stepMs, from: new Date(periods[0] ?? last), last: new Date(last), periods };
}
