import { Agent, request } from 'undici';
import { checkedLookup, EgressRefused, refuseLiteralTarget, systemResolve, type Resolve } from '@/lib/net/egress';

/**
 * One POST to a webhook endpoint, as Portico's egress rules allow it: public addresses only,
 * checked after DNS resolution and connected to as checked (lib/net/egress.ts); no redirect
 * followed (a 3xx is a failure); a time limit on connecting and on the whole exchange; at most
 * 2 KB of the answer read, the rest discarded unread.
 */

export const excerptBytes = 2048;

export interface PostOptions {
  /** PORTICO_WEBHOOK_ALLOW_PRIVATE: any address, and `http://`. */
  allowPrivate: boolean;
  resolve?: Resolve;
  connectTimeoutMs?: number;
  /** The whole exchange: connect, send, headers and the excerpt. */
  timeoutMs?: number;
}

export interface PostResult {
  /** The answer's status; null when none came. */
  status: number | null;
  latencyMs: number;
  /** The answer's first 2 KB, as text. */
  excerpt: string | null;
  /** Why it failed without an answer (refused address, timeout, connection error). */
  error: string | null;
}

/** A sender's connections: one agent, its lookup checking every address it connects to. */
export function webhookAgent(options: PostOptions): Agent {
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  return new Agent({
    connect: {
      timeout: connectTimeout,
      lookup: checkedLookup({ resolve: options.resolve ?? systemResolve, allowPrivate: options.allowPrivate }),
    },
    headersTimeout: options.timeoutMs ?? 10_000,
    bodyTimeout: options.timeoutMs ?? 10_000,
    keepAliveTimeout: 4_000,
    connections: 4,
  });
}

export async function postWebhook(
  agent: Agent,
  url: string,
  headers: Record<string, string>,
  body: string,
  options: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { status: null, latencyMs: 0, excerpt: null, error: 'The URL is not valid.' };
  }
  if (target.protocol !== 'https:' && !(options.allowPrivate && target.protocol === 'http:'))
    return { status: null, latencyMs: 0, excerpt: null, error: 'Webhooks are sent over HTTPS only.' };
  const literal = refuseLiteralTarget(target, options.allowPrivate);
  if (literal) return { status: null, latencyMs: 0, excerpt: null, error: `Refused: ${literal.message}.` };
  try {
    const answer = await request(target, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json', 'user-agent': 'Portico-Webhooks/1.0', ...headers },
      body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    const excerpt = await readExcerpt(answer.body);
    return { status: answer.statusCode, latencyMs: elapsed(), excerpt, error: null };
  } catch (error) {
    return { status: null, latencyMs: elapsed(), excerpt: null, error: describe(error) };
  }
}

/** The first `excerptBytes` of a body as text (NUL replaced: PostgreSQL text refuses it); the rest is never read. */
async function readExcerpt(body: AsyncIterable<Buffer> & { destroy(): unknown }): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= excerptBytes) break;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks)
    .subarray(0, excerptBytes)
    .toString('utf8')
    .replace(/\u0000/g, '\uFFFD');
}

/** A failure as a person reads it in the delivery log; the cause chain is searched for a refusal. */
function describe(error: unknown): string {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if (e instanceof EgressRefused) return `Refused: ${e.message}.`;
  }
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'No answer within the time limit.';
    const code = (error as { code?: string }).code;
    if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'Could not connect within the time limit.';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'The host name could not be resolved.';
    if (code === 'ECONNREFUSED') return 'The connection was refused.';
    return `Could not deliver: ${error.message}`.slice(0, 300);
  }
  return 'Could not deliver.';
}
