import type { CallRecord } from '@/lib/metrics/record';

/** A successful call; override what a test is about. */
export function aCall(overrides: Partial<CallRecord> = {}): CallRecord {
  return {
    at: Date.now(),
    apiVersionId: null,
    clientVersionId: null,
    planVersionId: null,
    method: 'GET',
    path: '/hello',
    status: 200,
    gatewayMs: 12,
    backendMs: 9,
    bytesIn: 0,
    bytesOut: 120,
    responseType: 'success',
    failureCode: null,
    ...overrides,
  };
}
