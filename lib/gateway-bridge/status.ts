import { env, type EnvSource } from '@/lib/env';

/**
 * What the gateway running in this process serves, for screens that must not promise more (the API
 * page). The gateway registers itself here when it starts; the app reads through this module and
 * never imports the gateway. Kept on globalThis: the start-up script and the Next.js server bundle
 * hold separate copies of this module.
 */
export type RouteState = 'served' | 'retired' | 'not_served';

export interface GatewayStatusSource {
  routeState(ref: { org: string; api: string; version: string }): RouteState;
  /** True while the database is unreachable and the gateway serves its last loaded view. */
  stale(): boolean;
  /** Issuers of the API version's JWT policies whose keys are not fresh (stale or unavailable). */
  jwtWarnings?(apiVersionId: number): JwtIssuerWarning[];
  /** *Refresh keys*: refetches those issuers' keys now and answers their state after. */
  refreshJwtKeys?(apiVersionId: number): Promise<JwtIssuerWarning[]>;
}

export interface JwtIssuerWarning {
  issuer: string;
  state: 'loading' | 'fresh' | 'stale' | 'unavailable';
  fetchedAt: string | null;
  error: string | null;
}

const key = Symbol.for('portico.gateway-status');
type Holder = { [key]?: GatewayStatusSource };

export function registerGatewayStatus(source: GatewayStatusSource | null): void {
  const holder = globalThis as Holder;
  if (source) holder[key] = source;
  else delete holder[key];
}

/** Null when no gateway runs in this process (then nothing can be promised about it). */
export function gatewayRouteState(ref: { org: string; api: string; version: string }): RouteState | null {
  return (globalThis as Holder)[key]?.routeState(ref) ?? null;
}

/** Null when no gateway runs in this process; else the JWT issuers of the API version not fresh. */
export function gatewayJwtWarnings(apiVersionId: number): JwtIssuerWarning[] | null {
  const source = (globalThis as Holder)[key];
  return source?.jwtWarnings ? source.jwtWarnings(apiVersionId) : null;
}

/** Null when no gateway runs in this process (the standalone gateway refreshes on its own). */
export async function refreshGatewayJwtKeys(apiVersionId: number): Promise<JwtIssuerWarning[] | null> {
  const source = (globalThis as Holder)[key];
  return source?.refreshJwtKeys ? source.refreshJwtKeys(apiVersionId) : null;
}

/**
 * The port of the `npm start` process's gateway when it has one of its own (GATEWAY_PORT), else
 * null: the gateway then shares PORT with the console and portal. A GATEWAY_PORT equal to PORT
 * means the same. Once listening, the start script writes back the port the system chose for 0.
 */
export function ownGatewayPort(source: EnvSource = process.env): number | null {
  const port = env('GATEWAY_PORT', source);
  return port === undefined || port === env('PORT', source) ? null : port;
}

/**
 * Where this process's own gateway listens, for calls the server makes through it (Send test
 * request): the `npm start` process serves the gateway on GATEWAY_PORT when set, else on its PORT,
 * on its HOST.
 */
export function localGatewayOrigin(source: EnvSource = process.env): string {
  const host = env('HOST', source);
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${ownGatewayPort(source) ?? env('PORT', source)}`;
}
