import { env, type EnvSource } from '@/lib/env';
import { headers } from 'next/headers';
import { cameThroughTrustedProxy } from '@/lib/auth/client-address';
import { ownGatewayPort } from '@/lib/gateway-bridge/status';

/**
 * The origin people reach this Portico at: PORTICO_PUBLIC_URL, else the request's own (the request
 * is read only then, so code outside a request — a download served in a test, a job — may ask too).
 */
export async function publicOrigin(): Promise<string> {
  return env('PORTICO_PUBLIC_URL') || originOf(await headers(), process.env);
}

/**
 * Where callers reach the gateway, for every endpoint, example, `curl` and `servers` entry Portico
 * shows: PORTICO_GATEWAY_URL, else the public origin — on GATEWAY_PORT when the gateway has a port
 * of its own.
 */
export async function publicGatewayOrigin(): Promise<string> {
  return gatewayOriginOf(await publicOrigin(), process.env);
}

const hostShape = /^[\w.-]+(:\d{1,5})?$|^\[[\da-f:.]+\](:\d{1,5})?$/i;

/**
 * The request's origin. `X-Forwarded-Host/-Proto` are a proxy's word only when the request came
 * straight from one of PORTICO_TRUSTED_PROXIES (the gateway's rule); from anyone else they are
 * the caller's wish, and a forged host would put its address into examples and `openapi.json`.
 */
export function originOf(h: Headers, source: EnvSource): string {
  const configured = env('PORTICO_PUBLIC_URL', source);
  if (configured) return configured;
  const proxied = cameThroughTrustedProxy(h, source);
  const forwardedHost = proxied ? lastHop(h.get('x-forwarded-host')) : '';
  const forwardedProto = proxied ? lastHop(h.get('x-forwarded-proto')).toLowerCase() : '';
  const host = [forwardedHost, h.get('host') ?? ''].find((candidate) => hostShape.test(candidate)) ?? 'localhost:3000';
  const proto = forwardedProto === 'https' || forwardedProto === 'http' ? forwardedProto : 'http';
  return `${proto}://${host}`;
}

/**
 * The value the trusted proxy itself wrote: the last, should it append to what the caller sent
 * rather than replace it (read from the right, as `X-Forwarded-For`).
 */
function lastHop(value: string | null): string {
  return value?.slice(value.lastIndexOf(',') + 1).trim() ?? '';
}

export function gatewayOriginOf(origin: string, source: EnvSource): string {
  const configured = env('PORTICO_GATEWAY_URL', source);
  if (configured) return configured;
  const port = ownGatewayPort(source);
  if (port === null) return origin;
  const url = new URL(origin);
  url.port = String(port);
  return url.origin;
}

export function gatewayUrl(origin: string, ref: { org: string; api: string; version: string }): string {
  return `${origin}/gateway/${ref.org}/${ref.api}/${encodeURIComponent(ref.version)}`;
}
