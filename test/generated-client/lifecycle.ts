import createClient from 'openapi-fetch';
// schema.d.ts is written by test/rest-lifecycle.test.ts from the served /api/v1/openapi.json (openapi-typescript);
// not committed. This folder is left out of the project's tsc: the test compiles it against the
// fresh document, so a document that lies about the API fails to compile here.
import type { paths } from './schema';

export interface LifecycleWorld {
  baseUrl: string;
  fetch: (request: Request) => Promise<Response>;
  providerToken: string;
  developerToken: string;
  developerOrg: string;
  backendUrl: string;
  /** Waits until the gateway answers `path` with this key (null: none) with `status`. */
  gatewayAnswers: (path: string, key: string | null, status: number) => Promise<void>;
}

function must<T>(value: T | undefined, what: string, error?: unknown): T {
  if (value === undefined) throw new Error(`${what} failed: ${JSON.stringify(error)}`);
  return value;
}

/** A whole lifecycle through the generated client only: what a team's script would do. */
export async function runLifecycle(world: LifecycleWorld) {
  const client = (token: string) =>
    createClient<paths>({ baseUrl: world.baseUrl, fetch: world.fetch, headers: { Authorization: `Bearer ${token}` } });
  const provider = client(world.providerToken);
  const developer = client(world.developerToken);

  const org = await provider.POST('/organizations', {
    body: { name: 'Lifecycle Provider', description: 'Made by the generated client' },
    headers: { 'Idempotency-Key': 'lifecycle-org' },
  });
  const orgSlug = must(org.data, 'create organization', org.error).slug;

  const api = await provider.POST('/organizations/{org}/apis', {
    params: { path: { org: orgSlug } },
    body: { name: 'Lifecycle API', version: '1.0' },
  });
  const apiSlug = must(api.data, 'create API', api.error).api;
  const version = { org: orgSlug, api: apiSlug, version: '1.0' };

  const read = await provider.GET('/organizations/{org}/apis/{api}/versions/{version}', { params: { path: version } });
  const etag = must(read.response.headers.get('etag') ?? undefined, 'ETag of the API version');
  const settings = await provider.PUT('/organizations/{org}/apis/{api}/versions/{version}', {
    params: { path: version, header: { 'If-Match': etag } },
    body: {
      endpointUrl: world.backendUrl,
      isPublic: false,
      featured: false,
      timeoutMs: 5000,
      openApiDocument: '',
      tags: 'lifecycle',
    },
  });
  if (must(settings.data, 'endpoint', settings.error).endpointUrl !== world.backendUrl)
    throw new Error('endpoint not kept');

  const plan = await provider.POST('/organizations/{org}/plans', {
    params: { path: { org: orgSlug } },
    body: { name: 'Lifecycle Gold', version: '1.0' },
  });
  const planSlug = must(plan.data, 'create plan', plan.error).plan;
  const locked = await provider.POST('/organizations/{org}/plans/{plan}/versions/{version}/lock', {
    params: { path: { org: orgSlug, plan: planSlug, version: '1.0' } },
  });
  if (must(locked.data, 'lock', locked.error).status !== 'Locked') throw new Error('plan not locked');

  const offered = await provider.POST('/organizations/{org}/apis/{api}/versions/{version}/plans', {
    params: { path: version },
    body: { plan: planSlug, version: '1.0', requiresApproval: true },
  });
  if (must(offered.data, 'offer', offered.error).status !== 'Ready') throw new Error('API version not Ready');

  const published = await provider.POST('/organizations/{org}/apis/{api}/versions/{version}/publish', {
    params: { path: version },
  });
  if (must(published.data, 'publish', published.error).status !== 'Published') throw new Error('not published');

  // The developer finds it in the marketplace and signs up with a new client.
  const found = await developer.GET('/marketplace/apis', { params: { query: { q: 'Lifecycle' } } });
  const listed = must(found.data, 'marketplace', found.error).items.find((a) => a.api === apiSlug);
  if (!listed) throw new Error('API not in the marketplace');
  // Its page names the plans a sign-up chooses from (the developer never saw the provider's side).
  const page = await developer.GET('/marketplace/apis/{org}/{api}', {
    params: { path: { org: listed.org, api: listed.api } },
  });
  const gold = must(page.data, 'marketplace API', page.error).plans.find((p) => p.name === 'Lifecycle Gold');
  if (!gold?.requiresApproval) throw new Error('Gold is not offered with approval');

  const created = await developer.POST('/organizations/{org}/clients', {
    params: { path: { org: world.developerOrg } },
    body: { name: 'Lifecycle Client', version: '1.0' },
  });
  const clientVersion = {
    org: world.developerOrg,
    client: must(created.data, 'create client', created.error).client,
    version: '1.0',
  };

  const signed = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/contracts', {
    params: { path: clientVersion },
    body: {
      org: listed.org,
      api: listed.api,
      version: listed.versions[0] ?? '',
      plan: gold.plan,
      planVersion: gold.version,
    },
  });
  const contract = must(signed.data, 'sign up', signed.error);
  if (contract.status !== 'AwaitingApproval') throw new Error(`contract is ${contract.status}`);

  const approved = await provider.POST('/contracts/{contractId}/approve', {
    params: { path: { contractId: contract.id } },
  });
  if (must(approved.data, 'approve', approved.error).status !== 'Active') throw new Error('not approved');

  // Approval registered the client version; its key goes through the gateway.
  const after = await developer.GET('/organizations/{org}/clients/{client}/versions/{version}', {
    params: { path: clientVersion },
  });
  if (must(after.data, 'read client', after.error).status !== 'Registered') throw new Error('not registered');
  const keyOf = async (path: typeof clientVersion) => {
    const answer = await developer.GET('/organizations/{org}/clients/{client}/versions/{version}/apikey', {
      params: { path },
    });
    return must(answer.data?.key ?? undefined, 'read key', answer.error);
  };
  const key = await keyOf(clientVersion);
  const gatewayPath = `/gateway/${orgSlug}/${apiSlug}/1.0/ping`;
  await world.gatewayAnswers(gatewayPath, key, 200);

  // A new version copies the contract as a request; approving it registers the version (SPEC §2).
  const second = { ...clientVersion, version: '2.0' };
  const copied = await developer.POST('/organizations/{org}/clients/{client}/versions', {
    params: { path: { org: clientVersion.org, client: clientVersion.client } },
    body: { version: '2.0', copyFrom: '1.0' },
  });
  const request = must(copied.data, 'new client version', copied.error).contracts[0];
  if (request?.status !== 'AwaitingApproval') throw new Error('the new version has no request');
  const secondApproved = await provider.POST('/contracts/{contractId}/approve', {
    params: { path: { contractId: request.id } },
  });
  must(secondApproved.data, 'approve the new version', secondApproved.error);
  const secondKey = await keyOf(second);
  await world.gatewayAnswers(gatewayPath, secondKey, 200);

  // Unregister takes the first version away at once; Re-register brings it back.
  const unregistered = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/unregister', {
    params: { path: clientVersion },
  });
  must(unregistered.data, 'unregister', unregistered.error);
  await world.gatewayAnswers(gatewayPath, key, 401);
  const reregistered = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/reregister', {
    params: { path: clientVersion },
  });
  const back = must(reregistered.data, 'reregister', reregistered.error).status;
  if (back !== 'Registered') throw new Error(`re-registered as ${back}`);
  await world.gatewayAnswers(gatewayPath, key, 200);

  const dryRun = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/reregister', {
    params: { path: second, query: { dryRun: 'true' } },
  });
  const preview = must(dryRun.data, 'dry run', dryRun.error);
  if (!preview.dryRun || preview.changes?.length !== 0)
    throw new Error('a dry run of an unchanged client lists changes');

  const rotated = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/apikey/rotate', {
    params: { path: second },
    body: { grace: 'none' },
  });
  const newKey = must(rotated.data, 'rotate', rotated.error).key;
  await world.gatewayAnswers(gatewayPath, newKey, 200);
  await world.gatewayAnswers(gatewayPath, secondKey, 401);

  for (const [path, lastKey] of [
    [second, newKey],
    [clientVersion, key],
  ] as const) {
    const retired = await developer.POST('/organizations/{org}/clients/{client}/versions/{version}/retire', {
      params: { path },
    });
    if (must(retired.data, 'retire client', retired.error).status !== 'Retired') throw new Error('not retired');
    await world.gatewayAnswers(gatewayPath, lastKey, 401);
  }

  const apiRetired = await provider.POST('/organizations/{org}/apis/{api}/versions/{version}/retire', {
    params: { path: version },
  });
  if (must(apiRetired.data, 'retire API', apiRetired.error).status !== 'Retired') throw new Error('API not retired');
  return { orgSlug, apiSlug, planSlug, client: clientVersion.client, contractId: contract.id };
}
