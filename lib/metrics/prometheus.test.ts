import { describe, expect, it } from 'vitest';
import { aCall } from '@/test/metrics-fixtures';
import { GatewayMetrics, recordToAll } from './prometheus';
import type { CallRecord } from './record';

function line(text: string, prefix: string): string | undefined {
  return text.split('\n').find((l) => l.startsWith(prefix));
}

describe('the gateway’s Prometheus metrics', () => {
  it('counts calls and latency by API and status class, and upstream errors', async () => {
    const metrics = new GatewayMetrics({ apiLabel: (id) => `acme/echo/${id}` });
    metrics.record(aCall({ apiVersionId: 7, status: 200, gatewayMs: 4 }));
    metrics.record(aCall({ apiVersionId: 7, status: 201, gatewayMs: 40 }));
    metrics.record(aCall({ apiVersionId: 7, status: 502, responseType: 'error', failureCode: 'backend_unavailable' }));
    metrics.record(aCall({ apiVersionId: null, status: 404, responseType: 'error', failureCode: 'api_not_found' }));
    const text = await metrics.text();
    expect(line(text, 'portico_gateway_requests_total{api="acme/echo/7",status_class="2xx"}')).toMatch(/ 2$/);
    expect(line(text, 'portico_gateway_requests_total{api="acme/echo/7",status_class="5xx"}')).toMatch(/ 1$/);
    expect(line(text, 'portico_gateway_requests_total{api="none",status_class="4xx"}')).toMatch(/ 1$/);
    expect(
      line(text, 'portico_gateway_request_duration_seconds_bucket{le="0.005",api="acme/echo/7",status_class="2xx"}'),
    ).toMatch(/ 1$/);
    const latency = 'portico_gateway_request_duration_seconds';
    const twoXx = 'api="acme/echo/7",status_class="2xx"';
    expect(line(text, `${latency}_bucket{le="0.025",${twoXx}}`)).toMatch(/ 1$/);
    expect(line(text, `${latency}_bucket{le="0.05",${twoXx}}`)).toMatch(/ 2$/);
    expect(line(text, `${latency}_bucket{le="+Inf",${twoXx}}`)).toMatch(/ 2$/);
    expect(line(text, `${latency}_count{${twoXx}}`)).toMatch(/ 2$/);
    expect(Number(line(text, `${latency}_sum{${twoXx}}`)?.split(' ')[1])).toBeCloseTo(0.044);
    expect(text).toContain(`# TYPE ${latency} histogram`);
    expect(line(text, 'portico_gateway_upstream_errors_total{api="acme/echo/7",code="backend_unavailable"}')).toMatch(
      / 1$/,
    );
    expect(metrics.contentType).toContain('text/plain');
  });

  it('reports the recorder’s drops and the view’s age and staleness when scraped', async () => {
    let dropped = 0;
    const metrics = new GatewayMetrics({
      dropped: () => dropped,
      view: () => ({ loadedAt: Date.now() - 30_000, stale: true }),
    });
    dropped = 3;
    let text = await metrics.text();
    expect(line(text, 'portico_gateway_metric_records_dropped_total')).toBe(
      'portico_gateway_metric_records_dropped_total 3',
    );
    dropped = 5;
    text = await metrics.text();
    expect(line(text, 'portico_gateway_metric_records_dropped_total')).toBe(
      'portico_gateway_metric_records_dropped_total 5',
    );
    expect(Number(line(text, 'portico_gateway_view_age_seconds ')?.split(' ')[1])).toBeGreaterThanOrEqual(30);
    expect(line(text, 'portico_gateway_view_stale ')).toBe('portico_gateway_view_stale 1');
  });

  it('hands each call to every recorder', () => {
    const seen: string[] = [];
    const recorder = (name: string) => ({ record: (call: CallRecord) => void seen.push(`${name}${call.path}`) });
    recordToAll(recorder('a'), recorder('b')).record(aCall({ path: '/x' }));
    expect(seen).toEqual(['a/x', 'b/x']);
  });
});
