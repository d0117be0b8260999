import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallRecorder } from '@/lib/metrics/record';
import type { CallState, CompiledChain, IdentifyOutcome, PolicyFailure } from '@/lib/policies/contract';
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
import { decodeUnreserved, normalisePath, policyPath } from './path';
import { readRequestHead, takeQueryKey } from './request-head';
import type { ViewSync } from './sync';
import { routeKey, type ApiRoute, type RegistrationEntry } from './view';

const prefix = '/gateway/';

export interface CallHandlerDeps {
  sync: ViewSync;
  recorder: CallRecorder;
  ips: ClientIpResolver;
}

/**
 * One gateway call: path → route → key → contract → request phases → backend → response phases →
 * done → record. Every refusal is a SPEC §5 error; nothing here touches the database. Returns a
 * promise only when a policy had to wait (a counter shared between processes).
 */
export function serveCall(
  req: IncomingMessage,
  res: ServerResponse,
  url: string,
  deps: CallHandlerDeps,
): void | Promise<void> {
  const call = new GatewayCall(res, req.method ?? 'GET', deps.recorder);
  const q = url.indexOf('?');
  const pathPart = q < 0 ? url : url.slice(0, q);
  const taken = takeQueryKey(q < 0 ? '' : url.slice(q + 1));

  // {org}/{api}/{version}[/rest]
  const p = pathPart.slice(prefix.length);
  const i1 = p.indexOf('/');
  const i2 = i1 < 0 ? -1 : p.indexOf('/', i1 + 1);
  const i3 = i2 < 0 ? -1 : p.indexOf('/', i2 + 1);
  const version = i2 < 0 ? '' : decodeSegment(i3 < 0 ? p.slice(i2 + 1) : p.slice(i2 + 1, i3));
  const org = decodeSegment(p.slice(0, i1));
  const api = decodeSegment(p.slice(i1 + 1, i2));

  const view = deps.sync.view;
  const route = version && org && api ? view.routes.get(routeKey(org, api, version)) : undefined;
  if (!route) return call.refuse('api_not_found');
  call.apiVersionId = route.apiVersionId;
  if (route.retired) return call.refuse('api_retired');
  // One normal form for policies, metrics and the backend: nothing further in sees the raw rest.
  const rest = normalisePath(i3 < 0 ? '' : p.slice(i3));
  if (rest === null) return call.refuse('invalid_path');
  call.path = policyPath(rest);

  const head = readRequestHead(req, taken.key, deps.ips);
  call.hasBody = head.hasBody;
  const client = head.apiKey ? view.clientOf(head.apiKey, call.receivedAt) : null;
  const request = (): CallState['request'] => ({
    method: call.method,
    path: call.path,
    query: taken.query,
    headers: head.headers,
    ip: head.ip,
    apiKey: head.apiKey,
    apiVersionId: route.apiVersionId,
    clientVersionId: call.clientVersionId,
    planVersionId: call.planVersionId,
    receivedAt: call.receivedAt,
  });
  /** The contract's chain for a client version, or the refusal already sent. */
  const contractOf = (entry: RegistrationEntry): CompiledChain | null | false => {
    call.clientVersionId = entry.clientVersionId;
    const contract = entry.contracts.get(route.apiVersionId);
    if (!contract) return (call.refuse('no_contract'), false);
    call.planVersionId = contract.planVersionId;
    return contract.chain;
  };
  const run = (chain: CompiledChain | null): void | Promise<void> => {
    if (!chain) return call.refuse('internal_error');
    call.chain = chain;
    call.state = { request: request(), responseHeaders: {} };
    return runChain(req, res, call, chain, route, rest, pathPart, i3, taken.query, head.hasBody);
  };

  if (route.isPublic) {
    // A valid key on a public API only says who is calling; a wrong one is not a reason to refuse.
    call.clientVersionId = client?.clientVersionId ?? null;
    const binder = route.tokenBinder;
    if (head.apiKey || !binder?.identify) return run(route.publicChain);
    // So does a token naming a registered client; a bad one is the public chain's JWT policy's to refuse.
    const attributed = (outcome: IdentifyOutcome): void | Promise<void> => {
      if (!('fail' in outcome))
        call.clientVersionId = view.clientOfOAuth(outcome.oauthClientId, null)?.clientVersionId ?? null;
      return run(route.publicChain);
    };
    const outcome = binder.identify({ request: request(), responseHeaders: {} });
    return outcome instanceof Promise ? outcome.then(attributed) : attributed(outcome);
  }
  if (head.apiKey) {
    if (!client) return call.refuse('api_key_invalid');
    const chain = contractOf(client);
    return chain === false ? undefined : run(chain);
  }
  const binder = route.tokenBinder;
  if (!binder?.identify) return call.refuse('api_key_missing');
  // No key, and the API binds tokens to clients: the verified token names the client version.
  const identified = (outcome: IdentifyOutcome): void | Promise<void> => {
    if ('fail' in outcome) return call.answerAtGateway({ kind: 'fail', failure: outcome.fail });
    const entry = view.clientOfOAuth(outcome.oauthClientId, route.apiVersionId);
    if (!entry) return call.answerAtGateway({ kind: 'fail', failure: unknownClient });
    const chain = contractOf(entry);
    return chain === false ? undefined : run(chain);
  };
  const outcome = binder.identify({ request: request(), responseHeaders: {} });
  return outcome instanceof Promise ? outcome.then(identified) : identified(outcome);
}

const unknownClient: PolicyFailure = {
  status: 403,
  type: 'JWT',
  code: 'jwt.unknown_client',
  message: "The token's client is not a registered client with a contract for this API.",
};

/** Request phases → backend → response phases → done → record, for a call whose chain is known. */
function runChain(
  req: IncomingMessage,
  res: ServerResponse,
  call: GatewayCall,
  chain: CompiledChain,
  route: ApiRoute,
  rest: string,
  pathPart: string,
  i3: number,
  query: string,
  hasBody: boolean,
): void | Promise<void> {
  const toBackend = (verdict: ChainVerdict) => {
    if (verdict.kind !== 'forward') return call.answerAtGateway(verdict);
    if (!route.backend) return call.refuseWithChain('backend_unavailable');
    forward(
      req,
      res,
      route.backend,
      {
        method: call.method,
        rest,
        gatewayBase: i3 < 0 ? pathPart : pathPart.slice(0, prefix.length + i3),
        query,
        headers: call.state.request.headers,
        hasBody,
        timeoutMs: route.timeoutMs,
        responseHeaders: call.state.responseHeaders,
        onResponseHead: (response) => {
          if (chain.policies.length > 0) runResponsePhases(chain, call.state, response);
        },
      },
      (result) => {
        call.done(result.status, result.bytesIn, result.bytesOut);
        call.finish(result.status, result.failure, false, result.bytesIn, result.bytesOut, result.backendMs);
      },
    );
  };
  const verdict = runRequestPhases(chain, call.state);
  if (verdict instanceof Promise) return verdict.then(toBackend);
  toBackend(verdict);
}

/** What one call knows as it goes: who it is attributed to, its chain, and how it is recorded. */
class GatewayCall {
  readonly receivedAt = Date.now();
  private readonly started = performance.now();
  path = '/';
  apiVersionId: number | null = null;
  clientVersionId: number | null = null;
  planVersionId: number | null = null;
  chain: CompiledChain = emptyChain;
  state: CallState = noState;
  /** Whether the caller announced a body; null until the request head is read. */
  hasBody: boolean | null = null;

  constructor(
    private readonly res: ServerResponse,
    readonly method: string,
    private readonly recorder: CallRecorder,
  ) {}

  finish(
    status: number,
    failure: string | null,
    policy: boolean,
    bytesIn: number,
    bytesOut: number,
    backendMs: number | null,
  ): void {
    this.recorder.record({
      at: this.receivedAt,
      apiVersionId: this.apiVersionId,
      clientVersionId: this.clientVersionId,
      planVersionId: this.planVersionId,
      method: this.method,
      path: this.path,
      status,
      gatewayMs: performance.now() - this.started,
      backendMs,
      bytesIn,
      bytesOut,
      responseType: failure === null ? 'success' : policy ? 'policy_failure' : 'error',
      failureCode: failure,
    });
  }

  /** The policies' done phases (counters of transfer, quotas), once the answer is out. */
  done(status: number, bytesIn: number, bytesOut: number): void {
    if (this.chain.policies.length > 0) runDonePhases(this.chain, this.state, { bytesIn, bytesOut, status });
  }

  /**
   * An answer given here leaves the caller's body unread: Node would read it to the end on a
   * kept-alive connection, however slowly it trickles. Such a connection is closed after the answer.
   */
  private closeWhileBodyPending(): void {
    const req = this.res.req;
    if (req.complete) return;
    const announced =
      this.hasBody ??
      ((req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0') ||
        req.headers['transfer-encoding'] !== undefined);
    if (announced) this.res.shouldKeepAlive = false;
  }

  refuse(code: GatewayErrorCode, headers?: Record<string, string>): void {
    this.closeWhileBodyPending();
    const bytesOut = sendGatewayError(this.res, code, headers);
    this.finish(errorStatus(code), code, false, 0, bytesOut, null);
  }

  /** A refusal after the request phases ran: their response headers go out, their done phases run. */
  refuseWithChain(code: GatewayErrorCode): void {
    this.closeWhileBodyPending();
    const bytesOut = sendGatewayError(this.res, code, this.state.responseHeaders);
    this.done(errorStatus(code), 0, bytesOut);
    this.finish(errorStatus(code), code, false, 0, bytesOut, null);
  }

  answerAtGateway(verdict: Exclude<ChainVerdict, { kind: 'forward' }>): void {
    this.closeWhileBodyPending();
    if (verdict.kind === 'fail') {
      const bytesOut = sendPolicyFailure(this.res, verdict.failure, this.state);
      this.done(verdict.failure.status, 0, bytesOut);
      return this.finish(verdict.failure.status, verdict.failure.code, true, 0, bytesOut, null);
    }
    sendPolicyAnswer(this.res, verdict.answer, this.state);
    this.done(verdict.answer.status, 0, 0);
    this.finish(verdict.answer.status, null, false, 0, 0, null);
  }
}

const emptyChain: CompiledChain = { policies: [] };
const noState: CallState = {
  request: {
    method: '',
    path: '',
    query: '',
    headers: {},
    ip: '',
    apiKey: null,
    apiVersionId: 0,
    clientVersionId: null,
    planVersionId: null,
    receivedAt: 0,
  },
  responseHeaders: {},
};

/**
 * `{org}`, `{api}` and `{version}` as looked up: unreserved escapes decoded like the rest's, and a
 * segment that is not a plain name (a dot segment, a malformed or separator escape) matches no
 * route — `/gateway/o/a/..` or `/gateway/o/%2e%2e/x` never means another API.
 */
function decodeSegment(segment: string): string {
  const decoded = decodeUnreserved(segment);
  return decoded === null || decoded === '.' || decoded === '..' ? '' : decoded;
}
