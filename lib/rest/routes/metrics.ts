import { z } from 'zod';
import type { Db } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { metricsRanges } from '@/lib/metrics/ranges';
import { latencySummary, requestsSummary } from '@/lib/metrics/summaries';
import { getMetricsReport, type MetricsReport, type MetricsSubject } from '@/lib/queries/metrics';
import { RestProblem } from '../problems';
import { route } from '../route';
import { apiVersionTarget, clientVersionTarget, planVersionTarget } from '../targets';

/*
 * The Metrics tabs of API, plan and client versions: the same report (getMetricsReport, which
 * checks who may see it as the tabs do) over the same ranges, with the charts' summaries in words.
 */

const ms = z.number().nullable().describe('Milliseconds at the gateway (null: no calls)');

const report = z.object({
  range: z.enum(metricsRanges),
  periodMs: z.number().int().describe('The length of one period of `series` and `latency`'),
  everRecorded: z.boolean().describe('False until the first call: the tab shows "No calls recorded yet"'),
  summary: z.object({
    requests: z.string().describe('The requests chart in words, as the tab says it'),
    latency: z.string().describe('The latency chart in words'),
  }),
  totals: z.object({
    requests: z.number().int(),
    success: z.number().int(),
    policyFailure: z.number().int(),
    error: z.number().int(),
    bytesIn: z.number().int(),
    bytesOut: z.number().int(),
    p50: ms,
    p95: ms,
    p99: ms,
  }),
  series: z
    .array(
      z.object({
        start: z.string(),
        success: z.number().int(),
        policyFailure: z.number().int(),
        error: z.number().int(),
      }),
    )
    .describe('One point per period of the range, oldest first'),
  latency: z.array(z.object({ start: z.string(), p50: ms, p95: ms, p99: ms })),
  top: z
    .array(z.object({ label: z.string(), requests: z.number().int(), failures: z.number().int() }))
    .describe("A client's top APIs; an API's or plan's top clients"),
  errorCodes: z.array(z.object({ code: z.string(), requests: z.number().int() })),
  recent: z
    .array(
      z.object({
        at: z.string(),
        counterpart: z.string().describe('The API called (client) or the calling client (API, plan)'),
        method: z.string(),
        path: z.string(),
        status: z.number().int(),
        responseType: z.enum(['success', 'policy_failure', 'error']),
        failureCode: z.string().nullable(),
        gatewayMs: z.number(),
        backendMs: z.number().nullable(),
      }),
    )
    .describe('The 50 most recent calls, newest first'),
});

const rangeQuery = z.object({
  range: z
    .enum(metricsRanges)
    .default('24h')
    .describe('The period the Metrics tab offers: the last hour, 24 hours, 7, 30 or 90 days'),
});

function reportBody(r: MetricsReport): z.input<typeof report> {
  const at = (t: number) => new Date(t).toISOString();
  return {
    range: r.range,
    periodMs: r.stepMs,
    everRecorded: r.everRecorded,
    summary: { requests: requestsSummary(r), latency: latencySummary(r) },
    totals: r.totals,
    series: r.series.map(({ t, ...point }) => ({ start: at(t), ...point })),
    latency: r.latency.map(({ t, ...point }) => ({ start: at(t), ...point })),
    top: r.top,
    errorCodes: r.errorCodes,
    recent: r.recent.map((call) => ({
      at: call.at.toISOString(),
      counterpart: call.counterpart,
      method: call.method,
      path: call.path,
      status: call.status,
      responseType: call.responseType,
      failureCode: call.failureCode,
      gatewayMs: call.gatewayMs,
      backendMs: call.backendMs,
    })),
  };
}

const subjects = {
  api: { noun: 'API version', tag: 'APIs', name: 'ApiVersion' },
  plan: { noun: 'plan version', tag: 'Plans', name: 'PlanVersion' },
  client: { noun: 'client version', tag: 'Clients', name: 'ClientVersion' },
} as const;

function metricsRoute<P extends string, T extends { orgId: number }>(
  kind: MetricsSubject['kind'],
  path: P,
  target: (db: Db, caller: Caller, params: never) => Promise<T | null>,
  versionId: (target: T) => number,
) {
  const { noun, tag, name } = subjects[kind];
  return route({
    method: 'GET',
    path,
    operationId: `get${name}Metrics`,
    summary: `The ${noun}'s Metrics tab: totals, requests and latency per period, top ${kind === 'client' ? 'APIs' : 'clients'}, error codes, last calls`,
    tag,
    scope: 'metrics:read',
    etag: false,
    // The version as the path names it, without its ETag: the calls change the answer, not the version.
    target: async (db, caller, params) => {
      const found = await target(db, caller, params as never);
      return found && { orgId: found.orgId, versionId: versionId(found) };
    },
    query: rangeQuery,
    success: { status: 200, schema: report, description: `The metrics of the ${noun} over the range` },
    handler: async ({ db, caller, query, target }) => {
      const found = await getMetricsReport(db, caller, { kind, versionId: target.versionId }, query.range);
      if (!found) return new RestProblem('forbidden', `You may not see the metrics of this ${noun}.`);
      return { body: reportBody(found) };
    },
  });
}

export const metricsRoutes = [
  metricsRoute(
    'api',
    '/organizations/{org}/apis/{api}/versions/{version}/metrics',
    apiVersionTarget,
    (t) => t.apiVersionId,
  ),
  metricsRoute(
    'plan',
    '/organizations/{org}/plans/{plan}/versions/{version}/metrics',
    planVersionTarget,
    (t) => t.planVersionId,
  ),
  metricsRoute(
    'client',
    '/organizations/{org}/clients/{client}/versions/{version}/metrics',
    clientVersionTarget,
    (t) => t.clientVersionId,
  ),
];
