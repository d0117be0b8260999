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
import type { OrgRole, Profile } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { generateApiKey } from '@/lib/clients/keys';
import { writeRegistration } from '@/lib/clients/registration';
import { seedDemoTraffic } from './traffic';

export const demoPassword = 'portico-demo';

export const demoUsers: { email: string; name: string; profile: Profile; description: string }[] = [
  { email: 'admin@example.com', name: 'Ada Admin', profile: 'admin', description: 'admin, everything everywhere' },
  {
    email: 'editor@example.com',
    name: 'Eddie Editor',
    profile: 'user',
    description: 'Editor and User Manager of both organizations',
  },
  { email: 'viewer@example.com', name: 'Vera Viewer', profile: 'user', description: 'Viewer of ACME Support' },
  {
    email: 'developer@example.com',
    name: 'Dev Developer',
    profile: 'developer',
    description: 'portal developer, Editor of ACME development team',
  },
];

export async function isEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * Seeds the demo data of SPEC §8 into an empty database, in one transaction.
 * `baseUrl` is where this Portico serves /demo/echo, the backend both demo APIs call.
 */
export async function seedDemoData(db: Db, baseUrl: string): Promise<void> {
  const hashes = await Promise.all(demoUsers.map(() => hashPassword(demoPassword)));
  await db.transaction(async (tx) => {
    const insertedUsers = await tx
      .insert(users)
      .values(
        demoUsers.map((u, i) => ({ email: u.email, name: u.name, profile: u.profile, passwordHash: hashes[i] ?? '' })),
      )
      .returning({ id: users.id, email: users.email });
    const userId = (email: string) => {
      const found = insertedUsers.find((u) => u.email === email);
      if (!found) throw new Error(`demo user ${email} missing`);
      return found.id;
    };

    const support = await createOrg(tx, 'ACME Support', 'acme-support', 'Provides the ACME APIs.');
    const devTeam = await createOrg(
      tx,
      'ACME development team',
      'acme-development-team',
      'Builds applications on the ACME APIs.',
    );
    const grants: [number, number, OrgRole][] = [
      [support, userId('editor@example.com'), 'Editor'],
      [support, userId('editor@example.com'), 'UserManager'],
      [devTeam, userId('editor@example.com'), 'Editor'],
      [devTeam, userId('editor@example.com'), 'UserManager'],
      [support, userId('viewer@example.com'), 'Viewer'],
      [devTeam, userId('developer@example.com'), 'Editor'],
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
    await createPublishedApi(tx, support, {
      name: 'ACME Public Echo',
      slug: 'acme-public-echo',
      description: 'The echo backend, open to everyone without an API key.',
      tags: ['echo', 'public'],
      endpointUrl: echoUrl,
      isPublic: true,
    });

    const devClient = await createClient(tx, devTeam, 'DevClient', 'devclient', "The development team's test client.");
    await tx.insert(contracts).values({
      clientVersionId: devClient,
      apiVersionId: echo,
      planVersionId: bronze,
      status: 'Active',
      requestedByUserId: userId('developer@example.com'),
      approvedAt: new Date(),
    });
    const revision = await writeRegistration(tx, devClient, devTeam);
    await recordChange(tx, null, {
      orgId: devTeam,
      entityType: 'client_version',
      entityId: devClient,
      entityName: 'DevClient',
      entityVersion: '1.0',
      action: 'register',
      before: { status: 'Created' },
      after: { status: 'Registered', revision },
    });
    await createClient(tx, devTeam, 'Janes Client', 'janes-client', 'Janes first test client');
  });
  await seedDemoTraffic(db);
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

async function createClient(tx: Tx, orgId: number, name: string, slug: string, description: string): Promise<number> {
  const [client] = await tx.insert(clients).values({ orgId, name, slug, description }).returning({ id: clients.id });
  if (!client) throw new Error('client not created');
  const [version] = await tx
    .insert(clientVersions)
    .values({ clientId: client.id, version: '1.0' })
    .returning({ id: clientVersions.id });
  if (!version) throw new Error('client version not created');
  await tx.insert(apiKeys).values({ key: generateApiKey(), clientVersionId: version.id });
  await recordChange(tx, null, {
    orgId,
    entityType: 'client',
    entityId: client.id,
    entityName: name,
    entityVersion: '1.0',
    action: 'create',
    after: { name, version: '1.0', description },
  });
  return version.id;
}
