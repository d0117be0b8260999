/** One gateway call as metrics record it (SPEC §5 Metrics). */
export interface CallRecord {
  /** Milliseconds since the epoch when the call arrived. */
  at: number;
  /** Null when no API version matched the path. */
  apiVersionId: number | null;
  clientVersionId: number | null;
  planVersionId: number | null;
  method: string;
  /** The path after the API version's prefix, without the query. */
  path: string;
  status: number;
  /** Whole time at the gateway, and the part spent waiting on the backend (null: never called). */
  gatewayMs: number;
  backendMs: number | null;
  bytesIn: number;
  bytesOut: number;
  responseType: 'success' | 'policy_failure' | 'error';
  /** The `error` code of a refusal or failure (e.g. `api_key_invalid`, `rate_limit_exceeded`). */
  failureCode: string | null;
}

/** Where the gateway hands each finished call; must never block or throw. */
export interface CallRecorder {
  record(call: CallRecord): void;
  /** Records dropped so far (buffer full, database down): the gateway's health reports it. */
  dropped?(): number;
}

export const discardCalls: CallRecorder = { record: () => {} };
