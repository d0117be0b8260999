import { Pool } from 'undici';
import { connectionLimits } from './limits';
import type { Backend } from './view';

/**
 * Keep-alive connection pools, one per backend origin, shared by every API version on that origin
 * and kept across view reloads (a reload must not drop warm connections).
 */
export class BackendPools {
  private readonly pools = new Map<string, Pool>();

  /** The backend of an endpoint URL, or null when it is not an http(s) URL. */
  backendFor(endpointUrl: string | null): Backend | null {
    if (!endpointUrl) return null;
    let url: URL;
    try {
      url = new URL(endpointUrl);
    } catch {
      return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    let pool = this.pools.get(url.origin);
    if (!pool) {
      pool = new Pool(url.origin, {
        // Sockets stay open between calls, up to a cap: callers must not be able to open a backend's
        // every connection through the gateway.
        connections: connectionLimits.perBackend,
        pipelining: 1,
        keepAliveTimeout: 4_000,
        connectTimeout: 10_000,
      });
      this.pools.set(url.origin, pool);
    }
    return { pool, origin: url.origin, basePath: url.pathname.replace(/\/+$/, ''), baseQuery: url.search.slice(1) };
  }

  async close(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy().catch(() => {})));
  }
}
