import { getTableName, is, sql } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { resultRows, type Db } from '@/db';
import * as schema from '@/db/schema';
import {
  apiPlans,
  apis,
  apiVersions,
  contracts,
  notifications,
  planVersions,
  plans,
  policies,
  webhookDeliveries,
  webhookEndpoints,
  ssoProviders,
} from '@/db/schema';
import { newWebhookSecret } from '@/lib/webhooks/signing';
import { sealSecret } from '@/lib/auth/sso/secret-box';
import { makeClientVersion, unique } from './factories';

/**
 * Targets for the authorization matrix, written straight into the database so that a cell's
 * set-up never depends on the commands under test. Every call makes fresh rows: a cell may
 * delete, retire or lock what it was given.
 */
export class AuthzFixtures {
  constructor(
    readonly db: Db,
    readonly orgId: number,
    readonly orgSlug: string,
  ) {}

  async apiVersion(options: { status?: 'Created' | 'Ready' | 'Published'; endpoint?: boolean } = {}) {
    const name = unique('Api');
    const [api] = await this.db
      .insert(apis)
      .values({ orgId: this.orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
      .returning();
    if (!api) throw new Error('api not created');
    const [version] = await this.db
      .insert(apiVersions)
      .values({
        apiId: api.id,
        version: '1.0',
        status: options.status ?? 'Created',
        endpointUrl: options.endpoint === false ? null : 'http://127.0.0.1:9/backend',
        publishedAt: options.status === 'Published' ? new Date() : null,
      })
      .returning();
    if (!version) throw new Error('api version not created');
    return { api, version };
  }

  async planVersion(status: 'Created' | 'Locked' = 'Locked') {
    const name = unique('Plan');
    const [plan] = await this.db
      .insert(plans)
      .values({ orgId: this.orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
      .returning();
    if (!plan) throw new Error('plan not created');
    const [version] = await this.db
      .insert(planVersions)
      .values({ planId: plan.id, version: '1.0', status, lockedAt: status === 'Locked' ? new Date() : null })
      .returning();
    if (!version) throw new Error('plan version not created');
    return { plan, version };
  }

  /** A Ready API version offering one locked plan. */
  async readyApiVersion(requiresApproval = false) {
    const { api, version } = await this.apiVersion({ status: 'Ready' });
    const plan = await this.planVersion('Locked');
    await this.db
      .insert(apiPlans)
      .values({ apiVersionId: version.id, planVersionId: plan.version.id, requiresApproval });
    return { api, version, planVersionId: plan.version.id };
  }

  /** A published private API version offering one locked plan. */
  async publishedOffer(requiresApproval = false) {
    const offer = await this.readyApiVersion(requiresApproval);
    await this.db
      .update(apiVersions)
      .set({ status: 'Published', publishedAt: new Date() })
      .where(sql`${apiVersions.id} = ${offer.version.id}`);
    return offer;
  }

  /** A published public API version (no plans: anyone may call it without a key). */
  async publicApiVersion() {
    const { api, version } = await this.apiVersion({ status: 'Published' });
    await this.db
      .update(apiVersions)
      .set({ isPublic: true })
      .where(sql`${apiVersions.id} = ${version.id}`);
    return { api, version };
  }

  clientVersion() {
    return makeClientVersion(this.db, this.orgId);
  }

  async contract(status: 'Active' | 'AwaitingApproval') {
    const offer = await this.publishedOffer(status === 'AwaitingApproval');
    const { version } = await this.clientVersion();
    const [contract] = await this.db
      .insert(contracts)
      .values({
        clientVersionId: version.id,
        apiVersionId: offer.version.id,
        planVersionId: offer.planVersionId,
        status,
        approvedAt: status === 'Active' ? new Date() : null,
      })
      .returning();
    if (!contract) throw new Error('contract not created');
    return contract;
  }

  async policy(owner: { clientVersionId?: number; planVersionId?: number; apiVersionId?: number }) {
    const [row] = await this.db
      .insert(policies)
      .values({ ...owner, type: 'IPAllowlist', config: { addresses: ['10.0.0.1'], responseCode: 403 }, position: 0 })
      .returning();
    if (!row) throw new Error('policy not created');
    return row;
  }

  async webhook() {
    const [row] = await this.db
      .insert(webhookEndpoints)
      .values({ orgId: this.orgId, url: 'https://hooks.example.com/portico', secret: newWebhookSecret() })
      .returning();
    if (!row) throw new Error('webhook not created');
    return row;
  }

  async webhookDelivery() {
    const endpoint = await this.webhook();
    const [row] = await this.db
      .insert(webhookDeliveries)
      .values({
        endpointId: endpoint.id,
        eventId: unique('evt').replace(' ', '_'),
        eventType: 'portico.client.registered',
        body: '{}',
        status: 'failed',
        attempts: 8,
      })
      .returning();
    if (!row) throw new Error('delivery not created');
    return { ...row, endpoint };
  }

  /** A stored single sign-on provider (Administration → Sign-in). */
  async ssoProvider() {
    const slug = unique('idp').replace(/\s+/g, '-');
    const [row] = await this.db
      .insert(ssoProviders)
      .values({
        slug,
        name: slug,
        issuer: 'http://127.0.0.1:9',
        clientId: 'portico',
        clientSecretSealed: sealSecret('matrix-secret', slug),
      })
      .returning();
    if (!row) throw new Error('provider not created');
    return row;
  }

  async notificationFor(userId: number) {
    const [row] = await this.db
      .insert(notifications)
      .values({ userId, type: 'client_registered', title: unique('Note'), body: '' })
      .returning();
    if (!row) throw new Error('notification not created');
    return row;
  }
}

const tables: PgTable[] = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable =>
  is(value, PgTable),
);

/** Rows in every table (change log included): a refused action must leave all of them as they were. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  // One statement for all tables: a refusal is checked twice per cell, over a thousand cells.
  const [row] = resultRows<Record<string, number>>(await db.execute(countsOfEveryTable));
  return { ...row };
}

const countsOfEveryTable = sql.join(
  [
    sql`select `,
    sql.join(
      tables.map((table) => sql`(select count(*)::int from ${table}) as ${sql.identifier(getTableName(table))}`),
      sql`, `,
    ),
  ],
  sql``,
);
