import { count } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import {
  apiKeys,
  apiPlans,
  apis,
  apiVersions,
  clients,
  clientVersions,
  contracts,
  memberships,
  organizations,
  plans,
  planVersions,
  policies,
  users,
} from '@/db/schema';
import { hashPassword } from '@/lib/auth/password';
import type { OrgRole } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { generateApiKey } from '@/lib/clients/keys';
import { writeRegistration } from '@/lib/clients/registration';
import { echoOpenApiDocument } from './echo-openapi';
import { demoPassword, demoPeople, demoPersonKeys, type DemoPersonKey } from './people';
import { seedDemoTraffic } from './traffic';

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/** The ids of what the demo data made, for tests (test/world.ts) that act on it. */
export interface DemoIds {
  users: Record<DemoPersonKey, number>;
  orgs: { support: number; devTeam: number };
  apiVersions: { echo: number; publicEcho: number };
  planVersions: { bronze: number; gold: number };
  clientVersions: { devClient: number; janesClient: number };
  /** Each demo client version's API key as seeded. */
  keys: { devClient: string; janesClient: string };
}

/**
 * Seeds the demo data of SPEC §8 into an empty database, in one transaction.
 * `baseUrl` is where this Portico serves /demo/echo, the backend both demo APIs call.
 */
export async function seedDemoData(db: Db, baseUrl: string): Promise<DemoIds> {
  // Every demo person has the same published password: one argon2 hash serves them all.
  const passwordHash = await hashPassword(demoPassword);
  const ids = await db.transaction(async (tx) => {
    const insertedUsers = await tx
      .insert(users)
      .values(
        demoPersonKeys.map((key) => {
          const { email, name, profile } = demoPeople[key];
          return { email, name, profile, passwordHash };
        }),
      )
      .returning({ id: users.id, email: users.email });
    const userIds = Object.fromEntries(
      demoPersonKeys.map((key) => {
        const found = insertedUsers.find((u) => u.email === demoPeople[key].email);
        if (!found) throw new Error(`demo user ${key} missing`);
        return [key, found.id];
      }),
    ) as Record<DemoPersonKey, number>;

    const support = await createOrg(tx, 'ACME Support', 'acme-support', 'Provides the ACME APIs.');
    const devTeam = await createOrg(
      tx,
      'ACME development team',
      'acme-development-team',
      'Builds applications on the ACME APIs.',
    );
    const grants: [number, number, OrgRole][] = [
      [support, userIds.editor, 'Editor'],
      [support, userIds.editor, 'UserManager'],
      [devTeam, userIds.editor, 'Editor'],
      [devTeam, userIds.editor, 'UserManager'],
      [support, userIds.viewer, 'Viewer'],
      [devTeam, userIds.developer, 'Editor'],
    ];
    await tx.insert(memberships).values(grants.map(([orgId, uid, role]) => ({ orgId, userId: uid, role })));

    const bronzeLimit = { limit: 100, period: 'minute', granularity: 'client' };
    const bronze = await createLockedPlan(tx, support, 'Bronze', 'Up to 100 requests per minute.');
    await tx.insert(policies).values({ planVersionId: bronze, type: 'RateLimiting', config: bronzeLimit, position: 0 });
    const gold = await createLockedPlan(
      tx,
      support,
      'Gold',
      'Unlimited requests; each sign-up is approved by ACME Support.',
    );

    const echoUrl = new URL('/demo/echo', baseUrl).toString();
    const echo = await createPublishedApi(tx, support, {
      name: 'ACME Echo Test API',
      slug: 'acme-echo-test-api',
      description: 'Answers every request with what it received: method, path, query and headers.',
      tags: ['echo', 'test'],
      endpointUrl: echoUrl,
      isPublic: false,
    });
    await tx.insert(apiPlans).values([
      { apiVersionId: echo, planVersionId: bronze, requiresApproval: false },
      { apiVersionId: echo, planVersionId: gold, requiresApproval: true },
    ]);
    const publicEcho = await createPublishedApi(tx, support, {
      name: 'ACME Public Echo',
      slug: 'acme-public-echo',
      description: 'The echo backend, open to everyone without an API key.',
      tags: ['echo', 'public'],
      endpointUrl: echoUrl,
      isPublic: true,
    });

    const devClient = await createClient(tx, devTeam, 'DevClient', 'devclient', "The development team's test client.");
    await tx.insert(contracts).values({
      clientVersionId: devClient.id,
      apiVersionId: echo,
      planVersionId: bronze,
      status: 'Active',
      requestedByUserId: userIds.developer,
      approvedAt: new Date(),
    });
    const revision = await writeRegistration(tx, devClient.id, devTeam);
    await recordChange(tx, null, {
      orgId: devTeam,
      entityType: 'client_version',
      entityId: devClient.id,
      entityName: 'DevClient',
      entityVersion: '1.0',
      action: 'register',
      before: { status: 'Created' },
      after: { status: 'Registered', revision },
    });
    const janesClient = await createClient(tx, devTeam, 'Janes Client', 'janes-client', 'Janes first test client');
    return {
      users: userIds,
      orgs: { support, devTeam },
      apiVersions: { echo, publicEcho },
      planVersions: { bronze, gold },
      clientVersions: { devClient: devClient.id, janesClient: janesClient.id },
      keys: { devClient: devClient.key, janesClient: janesClient.key },
    };
  });
  await seedDemoTraffic(db);
  return ids;
}

async function createOrg(tx: Tx, name: string, slug: string, description: string): Promise<number> {
  const [org] = await tx.insert(organizations).values({ name, slug, description }).returning({ id: organizations.id });
  if (!org) throw new Error('organization not created');
  await recordChange(tx, null, {
    orgId: org.id,
    entityType: 'organization',
    entityId: org.id,
    entityName: name,
    action: 'create',
    after: { name, description },
  });
  return org.id;
}

async function createLockedPlan(tx: Tx, orgId: number, name: string, description: string): Promise<number> {
  const [plan] = await tx
    .insert(plans)
    .values({ orgId, name, slug: name.toLowerCase(), description })
    .returning({ id: plans.id });
  if (!plan) throw new Error('plan not created');
  const [version] = await tx
    .insert(planVersions)
    .values({ planId: plan.id, version: '1.0', status: 'Locked', lockedAt: new Date() })
    .returning({ id: planVersions.id });
  if (!version) throw new Error('plan version not created');
  await recordChange(tx, null, {
    orgId,
    entityType: 'plan',
    entityId: plan.id,
    entityName: name,
    entityVersion: '1.0',
    action: 'create',
    after: { name, version: '1.0' },
  });
  await recordChange(tx, null, {
    orgId,
    entityType: 'plan_version',
    entityId: version.id,
    entityName: name,
    entityVersion: '1.0',
    action: 'lock',
    before: { status: 'Created' },
    after: { status: 'Locked' },
  });
  return version.id;
}

interface DemoApi {
  name: string;
  slug: string;
  description: string;
  tags: string[];
  endpointUrl: string;
  isPublic: boolean;
}

async function createPublishedApi(tx: Tx, orgId: number, api: DemoApi): Promise<number> {
  const [row] = await tx
    .insert(apis)
    .values({ orgId, name: api.name, slug: api.slug, description: api.description, tags: api.tags })
    .returning({ id: apis.id });
  if (!row) throw new Error('api not created');
  const [version] = await tx
    .insert(apiVersions)
    .values({
      apiId: row.id,
      version: '1.0',
      status: 'Published',
      isPublic: api.isPublic,
      endpointUrl: api.endpointUrl,
      // Both demo APIs call the echo, so Learn More renders its documentation and Try it works at once.
      openApiDocument: JSON.stringify(echoOpenApiDocument, null, 2),
      featured: true,
      publishedAt: new Date(),
    })
    .returning({ id: apiVersions.id });
  if (!version) throw new Error('api version not created');
  await recordChange(tx, null, {
    orgId,
    entityType: 'api',
    entityId: row.id,
    entityName: api.name,
    entityVersion: '1.0',
    action: 'create',
    after: { name: api.name, version: '1.0' },
  });
  await recordChange(tx, null, {
    orgId,
    entityType: 'api_version',
    entityId: version.id,
    entityName: api.name,
    entityVersion: '1.0',
    action: 'publish',
    before: { status: 'Ready' },
    after: { status: 'Published' },
  });
  return version.id;
}

async function createClient(
  tx: Tx,
  orgId: number,
  name: string,
  slug: string,
  description: string,
): Promise<{ id: number; key: string }> {
  const [client] = await tx.insert(clients).values({ orgId, name, slug, description }).returning({ id: clients.id });
  if (!client) throw new Error('client not created');
  const [version] = await tx
    .insert(clientVersions)
    .values({ clientId: client.id, version: '1.0' })
    .returning({ id: clientVersions.id });
  if (!version) throw new Error('client version not created');
  const key = generateApiKey();
  await tx.insert(apiKeys).values({ key, clientVersionId: version.id });
  await recordChange(tx, null, {
    orgId,
    entityType: 'client',
    entityId: client.id,
    entityName: name,
    entityVersion: '1.0',
    action: 'create',
    after: { name, version: '1.0', description },
  });
  return { id: version.id, key };
}
