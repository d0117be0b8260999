import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@/lib/auth/permissions';
import { demoWorld, type DemoWorld } from '@/test/world';
import { firstValues } from './page';
import { apiListParams, listApis, listPlans, planListParams } from './provider-list';
import { clientListParams, listClientVersions } from './clients';
import { listMarketplaceApis, marketplaceParams } from './marketplace';
import { listMembers, memberListParams } from './members';
import { listOrganizations, organizationListParams } from './organizations';

let testDb: DemoWorld;
let admin: Caller;
let supportId: number;

beforeAll(async () => {
  testDb = await demoWorld();
  admin = testDb.callers.admin;
  supportId = testDb.ids.orgs.support;
});
afterAll(() => testDb.cleanup());

/** What a URL's query string can carry, as Next.js hands it to a page. */
const hostile: Record<string, string | string[]>[] = [
  { q: '\u0000' },
  { q: 'acme\u0000' },
  { q: '\uD800' },
  { q: '\u202Eacme' },
  { q: '\u200B' },
  { q: 'x'.repeat(1 << 20) },
  { q: "' or 1=1 --" },
  { q: '<script>alert(1)</script>' },
  { q: '%_\\' },
  { q: ['a', 'b'] },
  { org: '\u0000', status: '\u0000', sort: '__proto__', dir: '\u0000' },
  { page: '2147483648', size: '0x10' },
  { page: '1e308', size: '[5]' },
  { page: '-1', size: '1.5' },
];

const lists: [string, string, (search: Record<string, string | undefined>) => Promise<{ rows: unknown[] }>][] = [
  ['organizations', 'ACME', (s) => listOrganizations(testDb.db, admin, organizationListParams.parse(s))],
  ['members', 'example', (s) => listMembers(testDb.db, admin, supportId, memberListParams.parse(s))],
  ['APIs', 'Echo', (s) => listApis(testDb.db, admin, apiListParams.parse(s))],
  ['plans', 'Gold', (s) => listPlans(testDb.db, admin, planListParams.parse(s))],
  ['clients', 'Client', (s) => listClientVersions(testDb.db, admin, clientListParams.parse(s))],
  ['marketplace', 'Echo', (s) => listMarketplaceApis(testDb.db, marketplaceParams.parse(s))],
];

describe('every list with a hostile search', () => {
  for (const [name, term, list] of lists) {
    it(`answers the ${name} list normally`, async () => {
      for (const search of hostile) {
        const page = await list(firstValues(search));
        expect(Array.isArray(page.rows), JSON.stringify(search).slice(0, 80)).toBe(true);
      }
      // A NUL is dropped, not searched for: the search still finds what the rest of it names.
      expect((await list({ q: `${term}\u0000` })).rows.length).toBeGreaterThan(0);
    });
  }
});
