import { getLogger } from '@/lib/server/logger';
import { sql } from 'drizzle-orm';
import type { Database } from '@/db';
import { compileChain } from '@/lib/policies/runtime';
import type { BackendPools } from './backends';
import { loadKeys, loadRegistrations, loadRoutes, type ChainCompiler } from './loader';
import { GatewayView } from './view';

/** The channel the change-event triggers (drizzle/0002_gateway_change_events.sql) notify on. */
export const changeChannel = 'portico_gateway';

export interface SyncOptions {
  database: Database;
  pools: BackendPools;
  compile?: ChainCompiler;
  /** Safety net against a lost event: a full reload this often (default 60 s). */
  fullReloadMs?: number;
  /** How often the database is checked while events are quiet (default 2 s). */
  probeMs?: number;
  /** A database slower than this counts as unreachable (default 2 s). */
  queryTimeoutMs?: number;
}

type ChangeEvent = { t: 'all' } | { t: 'api_version' | 'registration'; ids: number[] } | { t: 'key'; ids: string[] };

function parseEvent(payload: string): ChangeEvent | null {
  try {
    const event = JSON.parse(payload) as Partial<{ t: string; ids: unknown[] }>;
    if (event.t === 'all') return { t: 'all' };
    if (!Array.isArray(event.ids)) return null;
    if (event.t === 'key') return { t: 'key', ids: event.ids.filter((id): id is string => typeof id === 'string') };
    if (event.t === 'api_version' || event.t === 'registration')
      return { t: event.t, ids: event.ids.filter((id): id is number => typeof id === 'number') };
  } catch {
    // An unreadable payload is treated like a lost one: reload everything.
  }
  return null;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Keeps the gateway's view equal to the database: a full load at start, then only the entries a
 * change event names. Reloads run one at a time, in the order events arrive. While the database
 * is unreachable the last view keeps serving and the view is `stale`; once it answers again the
 * whole view is reloaded (events may have been missed meanwhile).
 */
export class ViewSync {
  view = new GatewayView();
  loadedAt: Date | null = null;
  lastEventAt: Date | null = null;
  stale = false;

  private readonly compile: ChainCompiler;
  private pendingAll = false;
  private readonly pendingRoutes = new Set<number>();
  private readonly pendingRegistrations = new Set<number>();
  private readonly pendingKeys = new Set<string>();
  private draining: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  private unlisten: (() => Promise<void>) | null = null;
  private listening = false;
  private closed = false;

  constructor(private readonly options: SyncOptions) {
    this.compile = options.compile ?? compileChain;
  }

  private get timeoutMs() {
    return this.options.queryTimeoutMs ?? 2_000;
  }

  async start(): Promise<void> {
    await this.fullReload();
    this.unlisten = await this.options.database.listen(
      changeChannel,
      (payload) => this.onEvent(payload),
      () => {
        // The first call is this start; later ones follow a lost connection, which may have lost events.
        if (this.listening) this.request({ t: 'all' });
        this.listening = true;
      },
    );
    const every = (ms: number, work: () => void) => {
      const timer = setInterval(work, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.options.fullReloadMs ?? 60_000, () => this.request({ t: 'all' }));
    every(this.options.probeMs ?? 2_000, () => void this.probe());
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    await this.unlisten?.().catch(() => {});
    await this.draining;
  }

  private onEvent(payload: string) {
    this.lastEventAt = new Date();
    this.request(parseEvent(payload) ?? { t: 'all' });
  }

  private request(event: ChangeEvent) {
    if (event.t === 'all') this.pendingAll = true;
    else if (event.t === 'api_version') for (const id of event.ids) this.pendingRoutes.add(id);
    else if (event.t === 'registration') for (const id of event.ids) this.pendingRegistrations.add(id);
    else if (event.t === 'key') for (const key of event.ids) this.pendingKeys.add(key);
    this.draining ??= this.drain().finally(() => (this.draining = null));
  }

  private hasPending() {
    return this.pendingAll || this.pendingRoutes.size + this.pendingRegistrations.size + this.pendingKeys.size > 0;
  }

  private async drain(): Promise<void> {
    while (this.hasPending() && !this.closed) {
      const all = this.pendingAll;
      const routes = [...this.pendingRoutes];
      const registrations = [...this.pendingRegistrations];
      const keys = [...this.pendingKeys];
      this.pendingAll = false;
      this.pendingRoutes.clear();
      this.pendingRegistrations.clear();
      this.pendingKeys.clear();
      try {
        if (all) await this.fullReload();
        else await this.reloadEntries(routes, registrations, keys);
      } catch (error) {
        // Unreachable: serve the last view; the probe asks for a full reload once it answers again.
        this.markStale(error);
        return;
      }
    }
  }

  private async fullReload(): Promise<void> {
    const { db } = this.options.database;
    const next = new GatewayView();
    const [routes, registrations] = await withTimeout(
      Promise.all([loadRoutes(db, this.options.pools, this.compile), loadRegistrations(db, this.compile, new Date())]),
      this.timeoutMs * 5,
    );
    for (const { key, route } of routes) next.setRoute(key, route);
    for (const { entry, keys } of registrations) next.setRegistration(entry, keys);
    this.view = next;
    this.loadedAt = new Date();
    this.stale = false;
  }

  private async reloadEntries(routeIds: number[], clientVersionIds: number[], keys: string[]): Promise<void> {
    const { db } = this.options.database;
    const [routes, registrations, keyRows] = await withTimeout(
      Promise.all([
        routeIds.length ? loadRoutes(db, this.options.pools, this.compile, routeIds) : [],
        clientVersionIds.length ? loadRegistrations(db, this.compile, new Date(), clientVersionIds) : [],
        keys.length ? loadKeys(db, keys) : [],
      ]),
      this.timeoutMs * 5,
    );
    const view = this.view;
    for (const id of routeIds) view.removeRoute(id);
    for (const { key, route } of routes) view.setRoute(key, route);
    for (const id of clientVersionIds) view.removeRegistration(id);
    for (const { entry, keys: entryKeys } of registrations) view.setRegistration(entry, entryKeys);
    for (const key of keys) view.removeKey(key);
    for (const row of keyRows) view.setKey(row.key, { clientVersionId: row.clientVersionId, expiresAt: row.expiresAt });
  }

  private async probe(): Promise<void> {
    if (this.closed || this.draining) return;
    try {
      await withTimeout(this.options.database.db.execute(sql`select 1`), this.timeoutMs);
      if (this.stale) this.request({ t: 'all' });
    } catch (error) {
      this.markStale(error);
    }
  }

  private markStale(error: unknown) {
    if (!this.stale)
      getLogger().warn({ err: error }, 'gateway: the database is unreachable; serving the last loaded view');
    this.stale = true;
    this.pendingAll = true;
  }
}
