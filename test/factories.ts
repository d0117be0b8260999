import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '@/db';
import {
  apiKeys,
  apis,
  apiVersions,
  clients,
  clientVersions,
  memberships,
  organizations,
  plans,
  planVersions,
  users,
} from '@/db/schema';
import { loadCaller } from '@/lib/auth/caller';
import { hashPassword } from '@/lib/auth/password';
import type { Caller, OrgRole, Profile } from '@/lib/auth/permissions';
import { generateApiKey } from '@/lib/clients/keys';

/** A short unique suffix so data made by one test never collides with another's. */
export function unique(prefix: string): string {
  return `${prefix} ${randomBytes(4).toString('hex')}`;
}

export async function makeUser(
  db: Db,
  options: { profile?: Profile; password?: string; email?: string; name?: string } = {},
) {
  const name = options.name ?? unique('User');
  const email = options.email ?? `${name.toLowerCase().replace(/\s+/g, '.')}@example.test`;
  const [user] = await db
    .insert(users)
    .values({
      name,
      email,
      profile: options.profile ?? 'user',
      passwordHash: await hashPassword(options.password ?? 'correct horse battery'),
    })
    .returning();
  if (!user) throw new Error('user not created');
  return user;
}

export async function makeOrg(db: Db, members: { userId: number; roles: OrgRole[] }[] = []) {
  const name = unique('Org');
  const [org] = await db
    .insert(organizations)
    .values({ name, slug: name.toLowerCase().replace(/\s+/g, '-') })
    .returning();
  if (!org) throw new Error('organization not created');
  const rows = members.flatMap((m) => m.roles.map((role) => ({ orgId: org.id, userId: m.userId, role })));
  if (rows.length) await db.insert(memberships).values(rows);
  return org;
}

/** A slug from a display name, the way the tests' names (`unique('API')`) need it. */
const slugOf = (name: string) => name.toLowerCase().replace(/\W+/g, '-');

type ApiVersionStatus = (typeof apiVersions.$inferInsert)['status'];

/**
 * An API with one version, straight into the tables: Published by default (published now), in the
 * given state otherwise. With only `slug` given, the API is named by it (the gateway routes by slug).
 */
export async function makeApiVersion(
  db: Db,
  orgId: number,
  options: {
    name?: string;
    slug?: string;
    description?: string;
    tags?: string[];
    status?: ApiVersionStatus;
    endpointUrl?: string | null;
    isPublic?: boolean;
    timeoutMs?: number;
  } = {},
) {
  const name = options.name ?? options.slug ?? unique('API');
  const [api] = await db
    .insert(apis)
    .values({
      orgId,
      name,
      slug: options.slug ?? slugOf(name),
      description: options.description,
      tags: options.tags,
    })
    .returning();
  if (!api) throw new Error('api not created');
  const status = options.status ?? 'Published';
  const [version] = await db
    .insert(apiVersions)
    .values({
      apiId: api.id,
      version: '1.0',
      status,
      endpointUrl: options.endpointUrl === undefined ? 'http://127.0.0.1:9/' : options.endpointUrl,
      isPublic: options.isPublic ?? false,
      timeoutMs: options.timeoutMs,
      publishedAt: status === 'Published' || status === 'Retired' ? new Date() : null,
    })
    .returning();
  if (!version) throw new Error('api version not created');
  return { api, version };
}

/** A plan with one Locked version. */
export async function makePlanVersion(db: Db, orgId: number, options: { name?: string } = {}) {
  const name = options.name ?? unique('Plan');
  const [plan] = await db
    .insert(plans)
    .values({ orgId, name, slug: slugOf(name) })
    .returning();
  if (!plan) throw new Error('plan not created');
  const [version] = await db
    .insert(planVersions)
    .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
    .returning();
  if (!version) throw new Error('plan version not created');
  return { plan, version };
}

export async function makeClientVersion(db: Db, orgId: number, options: { name?: string; version?: string } = {}) {
  const name = options.name ?? unique('Client');
  const [client] = await db
    .insert(clients)
    .values({ orgId, name, slug: name.toLowerCase().replace(/\s+/g, '-') })
    .returning();
  if (!client) throw new Error('client not created');
  const [version] = await db
    .insert(clientVersions)
    .values({ clientId: client.id, version: options.version ?? '1.0' })
    .returning();
  if (!version) throw new Error('client version not created');
  const key = generateApiKey();
  await db.insert(apiKeys).values({ key, clientVersionId: version.id });
  return { client, version, key };
}

export async function currentKeyOf(db: Db, clientVersionId: number): Promise<string | null> {
  const [row] = await db
    .select({ key: apiKeys.key })
    .from(apiKeys)
    .where(and(eq(apiKeys.clientVersionId, clientVersionId), isNull(apiKeys.expiresAt)));
  return row?.key ?? null;
}

export async function callerOf(db: Db, userId: number): Promise<Caller> {
  const caller = await loadCaller(db, userId);
  if (!caller) throw new Error(`user ${userId} not found`);
  return caller;
}
