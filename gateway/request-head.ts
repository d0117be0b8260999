import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { peerAddressHeader } from '@/lib/auth/client-address';
import { withoutPorticoCookies } from '@/lib/auth/cookies';
import { believedCallerAddress, callerAddressHeader, callerSecretHeader } from '@/lib/gateway-bridge/caller-address';
import type { ClientIpResolver } from '@/lib/net/client-ip';
import { normalizeIp } from '@/lib/net/client-ip';

/** Headers that concern one connection only (RFC 9110 §7.6.1), never passed on. */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Also never forwarded: the key (it identifies the client to the gateway, not to the backend),
 * the caller's Host (the backend gets its own), `Expect` (Node already answered 100-continue), the
 * forwarding headers this gateway sets itself, and those a caller could forge to pose as another
 * address, host, path or method to a backend that believes them (`X-Original-URL` serves a path
 * Ignored Resources never saw) — including the app's own peer-address header.
 */
const dropped = new Set([
  ...hopByHop,
  'x-api-key',
  'host',
  'expect',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'forwarded',
  'x-real-ip',
  'x-client-ip',
  'true-client-ip',
  'cf-connecting-ip',
  'x-forwarded-port',
  'x-forwarded-prefix',
  'x-forwarded-server',
  'x-original-url',
  'x-original-uri',
  'x-rewrite-url',
  'x-http-method-override',
  'x-http-method',
  'x-method-override',
  peerAddressHeader,
]);

export type HeaderMap = Record<string, string | string[] | undefined>;

export interface RequestHead {
  /** What goes to the backend (policies may still change it). */
  headers: HeaderMap;
  apiKey: string | null;
  ip: string;
  hasBody: boolean;
}

/**
 * Reads the request head in one pass over the raw headers: the key (header first, then the
 * `apikey` query parameter, which the caller's query loses either way), the caller's address and
 * the headers to forward with `X-Forwarded-For/-Proto/-Host` set and Portico's cookies taken out.
 */
export function readRequestHead(req: IncomingMessage, queryKey: string | null, ips: ClientIpResolver): RequestHead {
  const raw = req.rawHeaders;
  const headers: HeaderMap = {};
  let apiKey: string | null = null;
  let connectionTokens: string | null = null;
  let forwardedFor: string | undefined;
  let forwardedProto: string | undefined;
  let forwardedHost: string | undefined;
  let host: string | undefined;
  let hasBody = false;
  let callerAddress: string | undefined;
  let callerSecret: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const name = (raw[i] ?? '').toLowerCase();
    let value = raw[i + 1] ?? '';
    // The app's own calls on someone's behalf (lib/gateway-bridge/caller-address.ts): read, never forwarded.
    if (name === callerAddressHeader || name === callerSecretHeader) {
      if (name === callerAddressHeader) callerAddress ??= value;
      else callerSecret ??= value;
      continue;
    }
    if (dropped.has(name)) {
      if (name === 'x-api-key') apiKey ??= value;
      else if (name === 'host') host = value;
      else if (name === 'connection') connectionTokens = connectionTokens ? `${connectionTokens},${value}` : value;
      else if (name === 'transfer-encoding') hasBody = true;
      else if (name === 'x-forwarded-for') forwardedFor = forwardedFor ? `${forwardedFor}, ${value}` : value;
      else if (name === 'x-forwarded-proto') forwardedProto ??= value;
      else if (name === 'x-forwarded-host') forwardedHost ??= value;
      continue;
    }
    if (name === 'content-length' && value !== '0') hasBody = true;
    if (name === 'cookie') {
      const kept = withoutPorticoCookies(value);
      if (kept === null) continue;
      value = kept;
    }
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (Array.isArray(previous)) previous.push(value);
    else headers[name] = [previous, value];
  }
  if (connectionTokens) for (const token of connectionTokens.split(',')) delete headers[token.trim().toLowerCase()];

  const socketIp = socketIpOf(req.socket);
  // Believed, the app's caller is the first hop, as behind a trusted proxy.
  const onBehalfOf = callerAddress === undefined ? null : believedCallerAddress(callerAddress, callerSecret);
  if (onBehalfOf) forwardedFor = onBehalfOf;
  const trustedPeer = ips.trustsProxies && ips.isTrusted(socketIp);
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${socketIp}` : socketIp;
  headers['x-forwarded-proto'] =
    (trustedPeer && forwardedProto) || ((req.socket as TLSSocket).encrypted ? 'https' : 'http');
  const shownHost = (trustedPeer && forwardedHost) || host;
  if (shownHost) headers['x-forwarded-host'] = shownHost;

  return {
    headers,
    apiKey: apiKey || queryKey || null,
    ip: onBehalfOf ?? ips.resolve(socketIp, forwardedFor),
    hasBody,
  };
}

/** A keep-alive connection's address, normalised once for all of its calls. */
const socketIps = new WeakMap<Socket, string>();
function socketIpOf(socket: Socket): string {
  let ip = socketIps.get(socket);
  if (ip === undefined) socketIps.set(socket, (ip = normalizeIp(socket.remoteAddress)));
  return ip;
}

/** Splits the `apikey` parameter off a query string (without `?`); other parameters stay as sent. */
export function takeQueryKey(query: string): { query: string; key: string | null } {
  if (!query.includes('apikey')) return { query, key: null };
  let key: string | null = null;
  const kept: string[] = [];
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? part : part.slice(0, eq);
    if (name === 'apikey') {
      if (key === null) key = safeDecode(eq < 0 ? '' : part.slice(eq + 1));
    } else kept.push(part);
  }
  return { query: kept.join('&'), key };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Response headers that concern the backend's connection, not the caller's. */
export function isHopByHop(name: string): boolean {
  return hopByHop.has(name);
}
