import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecorder } from '@/lib/metrics/record';
import type { CallState, CompiledChain, GatewayRequest } from '@/lib/policies/runtime';
import {
  runDonePhases,
  runRequestPhases,
  runResponsePhases,
  sendPolicyAnswer,
  sendPolicyFailure,
  type ChainVerdict,
} from './chain';
import type { ClientIpResolver } from '@/lib/net/client-ip';
import { errorStatus, sendGatewayError, type GatewayErrorCode } from './errors';
import { forward } from './forward';
import { readRequestHead, takeQueryKey } from './request-head';
import type { ViewSync } from './sync';
import { routeKey } from './view';

const prefix = '/gateway/';

export interface CallHandlerDeps {
  sync: ViewSync;
  recorder: CallRecorder;
  ips: ClientIpResolver;
}

/** Who a call is attributed to, known as soon as route and key are resolved. */
interface Attribution {
  apiVersionId: number | null;
  clientVersionId: number | null;
  planVersionId: number | null;
}

/**
 * One gateway call: path → route → key → contract → request phases → backend → response phases →
 * done → record. Every refusal is a SPEC §5 error; nothing here touches the database.
 */
export async function serveCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  deps: CallHandlerDeps,
): Promise<void> {
  const receivedAt = Date.now();
  const started = performance.now();
  const method = req.method ?? 'GET';
  const q = url.indexOf('?');
  const pathPart = q < 0 ? url : url.slice(0, q);
  const taken = takeQueryKey(q < 0 ? '' : url.slice(q + 1));

  // {org}/{api}/{version}[/rest]
  const p = pathPart.slice(prefix.length);
  const i1 = p.indexOf('/');
  const i2 = i1 < 0 ? -1 : p.indexOf('/', i1 + 1);
  const i3 = i2 < 0 ? -1 : p.indexOf('/', i2 + 1);
  const version = i2 < 0 ? '' : decodeSegment(i3 < 0 ? p.slice(i2 + 1) : p.slice(i2 + 1, i3));
  const rest = i3 < 0 ? '' : p.slice(i3);
  const who: Attribution = { apiVersionId: null, clientVersionId: null, planVersionId: null };

  const finish = (
    status: number,
    outcome: { failure: string | null; policy?: boolean },
    extra: Partial<Record<'bytesIn' | 'bytesOut' | 'backendMs', number | null>> = {},
  ) => {
    deps.recorder.record({
      at: receivedAt,
      ...who,
      method,
      path: rest || '/',
      status,
      gatewayMs: performance.now() - started,
      backendMs: extra.backendMs ?? null,
      bytesIn: extra.bytesIn ?? 0,
      bytesOut: extra.bytesOut ?? 0,
      responseType: outcome.failure === null ? 'success' : outcome.policy ? 'policy_failure' : 'error',
      failureCode: outcome.failure,
    });
  };
  const refuse = (code: GatewayErrorCode, headers?: Record<string, string>) => {
    const bytesOut = sendGatewayError(res, code, headers);
    finish(errorStatus(code), { failure: code }, { bytesOut });
  };

  const view = deps.sync.view;
  const route = version ? view.routes.get(routeKey(p.slice(0, i1), p.slice(i1 + 1, i2), version)) : undefined;
  if (!route) return refuse('api_not_found');
  who.apiVersionId = route.apiVersionId;
  if (route.retired) return refuse('api_retired');

  const head = readRequestHead(req, taken.key, deps.ips);
  const client = head.apiKey ? view.clientOf(head.apiKey, receivedAt) : null;
  let chain: CompiledChain | null;
  if (route.isPublic) {
    // A valid key on a public API only says who is calling; a wrong one is not a reason to refuse.
    who.clientVersionId = client?.clientVersionId ?? null;
    chain = route.publicChain;
  } else {
    if (!head.apiKey) return refuse('api_key_missing');
    if (!client) return refuse('api_key_invalid');
    who.clientVersionId = client.clientVersionId;
    const contract = client.contracts.get(route.apiVersionId);
    if (!contract) return refuse('no_contract');
    who.planVersionId = contract.planVersionId;
    chain = contract.chain;
  }
  if (!chain) return refuse('internal_error');

  const request: GatewayRequest = {
    method,
    path: rest || '/',
    query: taken.query,
    headers: head.headers,
    ip: head.ip,
    apiKey: head.apiKey,
    apiVersionId: route.apiVersionId,
    clientVersionId: who.clientVersionId,
    planVersionId: who.planVersionId,
    receivedAt,
  };
  const call: CallState = { request, responseHeaders: {} };
  const ranChain = chain;
  const done = (status: number, bytesIn: number, bytesOut: number) => {
    if (ranChain.policies.length > 0) runDonePhases(ranChain, call, { bytesIn, bytesOut, status });
  };

  let verdict = runRequestPhases(chain, call);
  if (verdict instanceof Promise) verdict = await verdict;
  if (verdict.kind !== 'forward') return answerAtGateway(res, verdict, call, done, finish);

  if (!route.backend) {
    const bytesOut = sendGatewayError(res, 'backend_unavailable', call.responseHeaders);
    done(502, 0, bytesOut);
    return finish(502, { failure: 'backend_unavailable' }, { bytesOut });
  }
  const result = await forward(req, res, route.backend, {
    method,
    rest,
    query: taken.query,
    headers: request.headers,
    hasBody: head.hasBody,
    timeoutMs: route.timeoutMs,
    responseHeaders: call.responseHeaders,
    onResponseHead: (response) => {
      if (ranChain.policies.length > 0) runResponsePhases(ranChain, call, response);
    },
  });
  done(result.status, result.bytesIn, result.bytesOut);
  finish(result.status, { failure: result.failure }, result);
}

function answerAtGateway(
  res: ServerResponse,
  verdict: Exclude<ChainVerdict, { kind: 'forward' }>,
  call: CallState,
  done: (status: number, bytesIn: number, bytesOut: number) => void,
  finish: (status: number, outcome: { failure: string | null; policy?: boolean }, extra?: { bytesOut: number }) => void,
): void {
  if (verdict.kind === 'fail') {
    const bytesOut = sendPolicyFailure(res, verdict.failure, call);
    done(verdict.failure.status, 0, bytesOut);
    return finish(verdict.failure.status, { failure: verdict.failure.code, policy: true }, { bytesOut });
  }
  sendPolicyAnswer(res, verdict.answer, call);
  done(verdict.answer.status, 0, 0);
  finish(verdict.answer.status, { failure: null }, { bytesOut: 0 });
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
