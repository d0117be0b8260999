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

/**
 * The port of the `npm start` process's gateway when it has one of its own (GATEWAY_PORT), else
 * null: the gateway then shares PORT with the console and portal. A GATEWAY_PORT equal to PORT
 * means the same. Once listening, the start script writes back the port the system chose for 0.
 */
export function ownGatewayPort(env: Record<string, string | undefined> = process.env): number | null {
  const value = env.GATEWAY_PORT?.trim();
  if (!value) return null;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`GATEWAY_PORT: "${value}" is not a port number (0 to 65535).`);
  return port === Number(env.PORT ?? 3000) ? null : port;
}

/**
 * Where this process's own gateway listens, for calls the server makes through it (Send test
 * request): the `npm start` process serves the gateway on GATEWAY_PORT when set, else on its PORT,
 * on its HOST.
 */
export function localGatewayOrigin(env: Record<string, string | undefined> = process.env): string {
  const host = env.HOST ?? '127.0.0.1';
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '[::1]' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${ownGatewayPort(env) ?? env.PORT ?? 3000}`;
}
