/**
 * A backend's answer may point the caller at the backend itself: a redirect (`Location`), the
 * answer's own address (`Content-Location`), a timed refresh (`Refresh`) or a cookie's scope. Where
 * such a place lies inside the API version's endpoint it is rewritten onto the gateway, as nginx's
 * `proxy_redirect default` does, so a caller following it stays on the gateway and its key never
 * travels to the backend directly. A place elsewhere passes unchanged.
 */
export interface EndpointScope {
  /** The backend's origin, `http://host:port`. */
  origin: string;
  /** The endpoint's path without a trailing `/` (empty for the origin's root). */
  basePath: string;
}

/**
 * `value` (absolute, path-absolute or relative to `requestPath`, the path the backend was asked
 * for) as seen from the caller: under `gatewayBase` (`/gateway/{org}/{api}/{version}`) when it is
 * inside the endpoint, else as it was.
 */
export function rewriteLocation(value: string, scope: EndpointScope, requestPath: string, gatewayBase: string): string {
  let target: URL;
  try {
    target = new URL(value, scope.origin + requestPath);
  } catch {
    return value;
  }
  if (target.origin !== scope.origin) return value;
  const path = target.pathname;
  const { basePath } = scope;
  if (basePath && path !== basePath && !path.startsWith(`${basePath}/`)) return value;
  return gatewayBase + path.slice(basePath.length) + target.search + target.hash;
}

/** `Refresh: 5; url=…` (the URL optionally quoted); a refresh without a URL passes unchanged. */
const refreshWithUrl = /^(\s*[\d.]+\s*[;,]\s*(?:url\s*=\s*)?)(['"]?)(.*?)\2\s*$/i;

export function rewriteRefresh(value: string, scope: EndpointScope, requestPath: string, gatewayBase: string): string {
  const match = refreshWithUrl.exec(value);
  if (!match?.[3]) return value;
  const [, lead = '', quote = ''] = match;
  return lead + quote + rewriteLocation(match[3], scope, requestPath, gatewayBase) + quote;
}

/**
 * A backend's cookie as the caller's browser should keep it: a `Path` inside the endpoint moves
 * under the gateway base (else the browser would never send it back through the gateway), any
 * other `Path` becomes the gateway base itself (a backend's cookie never reaches the console's or
 * another API's paths), and a `Domain` is dropped, so the cookie belongs to the gateway's host alone.
 */
export function rewriteSetCookie(value: string, scope: EndpointScope, gatewayBase: string): string {
  const parts = value.split(';');
  const kept = [parts[0] ?? ''];
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] ?? '';
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim().toLowerCase();
    if (name === 'domain') continue;
    if (name === 'path') {
      const path = part.slice(eq + 1).trim();
      const inside = !scope.basePath || path === scope.basePath || path.startsWith(`${scope.basePath}/`);
      kept.push(` Path=${inside ? gatewayBase + path.slice(scope.basePath.length) : gatewayBase}`);
      continue;
    }
    kept.push(part);
  }
  return kept.join(';');
}

type Headers = Record<string, string | string[] | undefined>;

/** Whether an answer's head names a place: the only answers `keepOnGateway` has work for. */
export function pointsAtBackend(headers: Headers): boolean {
  return (
    headers.location !== undefined ||
    headers['content-location'] !== undefined ||
    headers.refresh !== undefined ||
    headers['set-cookie'] !== undefined
  );
}

/** Rewrites, in place, every place an answer's head names (see above). */
export function keepOnGateway(headers: Headers, scope: EndpointScope, requestPath: string, gatewayBase: string): void {
  const toGateway = (one: string) => rewriteLocation(one, scope, requestPath, gatewayBase);
  rewriteEach(headers, 'location', toGateway);
  rewriteEach(headers, 'content-location', toGateway);
  rewriteEach(headers, 'refresh', (one) => rewriteRefresh(one, scope, requestPath, gatewayBase));
  rewriteEach(headers, 'set-cookie', (one) => rewriteSetCookie(one, scope, gatewayBase));
}

function rewriteEach(headers: Headers, name: string, rewrite: (one: string) => string): void {
  const value = headers[name];
  if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(rewrite) : rewrite(value);
}
