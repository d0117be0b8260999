import { clientListParams, listClientVersions } from '@/lib/queries/clients';
import { listContractsOfApiVersion } from '@/lib/queries/apis';
import { listPendingApprovals } from '@/lib/queries/approvals';
import { listMarketplaceApis, marketplaceParams } from '@/lib/queries/marketplace';
import { listMyClients, myClientsParams } from '@/lib/queries/my-clients';
import { apiListParams, listApis, listPlans, planListParams } from '@/lib/queries/provider-list';
import { pageParams } from '@/lib/queries/page';
import type { Db } from '@/db';
import { addBenchRows, createBenchLists, type BenchLists } from './bench-lists-data';
import { alternatingMedians, maintainAsTheProduct, openBenchDatabase, runs } from './bench-support';

/**
 * `npm run bench` (or `npm run bench -- lists`): every list of the console and the portal, each
 * filter and search, at 100 and at 100,000 rows side by side in one run (scripts/bench-lists-data.ts
 * makes them). Median server time of the list's query function, as its page calls it. The same
 * page is asked of both sizes, and small enough (10 rows under a Status filter, which matches a
 * sixth of the rows) to be full at 100 rows too: the bench compares a page with a page.
 */
export function listQueries(db: Db, bench: BenchLists): Record<string, () => Promise<unknown>> {
  const { caller } = bench;
  const clients = (search: Record<string, string>) => () =>
    listClientVersions(db, caller, clientListParams.parse(search));
  // The organization's Clients tab: one organization, sorted by name (clients-tab.tsx).
  const clientsTab = (search: Record<string, string>) => () =>
    listClientVersions(db, caller, { ...clientListParams.parse({ sort: 'name', ...search }), org: bench.orgSlug });
  const apis = (search: Record<string, string>) => () => listApis(db, caller, apiListParams.parse(search));
  const plans = (search: Record<string, string>) => () => listPlans(db, caller, planListParams.parse(search));
  const marketplace = (search: Record<string, string>) => () =>
    listMarketplaceApis(db, marketplaceParams.parse(search));
  const myClients = (search: Record<string, string>) => () => listMyClients(db, caller, myClientsParams.parse(search));
  const contracts = (page: string) => () =>
    listContractsOfApiVersion(db, caller, bench.contractsApiVersionId, pageParams.parse({ page }));
  const approvals = (page: string) => () => listPendingApprovals(db, caller, pageParams.parse({ page }));
  return {
    'Clients: first page': clients({}),
    'Clients: name search': clients({ q: 'D0C6' }),
    'Clients: Registered': clients({ status: 'Registered', size: '10' }),
    'Clients: page 3': clients({ page: '3' }),
    'Clients: Unpublished Changes': clients({ status: 'UnpublishedChanges', size: '10' }),
    'Clients: Awaiting Approval': clients({ status: 'AwaitingApproval', size: '10' }),
    'Clients: search + Created': clients({ q: 'd0c6', status: 'Created' }),
    'Clients: by name, descending': clients({ sort: 'name', dir: 'desc' }),
    'Clients: by updated, newest': clients({ sort: 'updated', dir: 'desc' }),
    'Clients tab: first page': clientsTab({}),
    'Clients tab: name search': clientsTab({ q: 'd0c6' }),
    'Clients tab: Registered': clientsTab({ status: 'Registered', size: '10' }),
    'APIs: first page': apis({}),
    'APIs: name search': apis({ q: '16a7' }),
    'APIs: Published': apis({ status: 'Published', size: '10' }),
    'APIs tab: first page': apis({ org: bench.orgSlug }),
    'APIs tab: Published': apis({ org: bench.orgSlug, status: 'Published', size: '10' }),
    'Plans: first page': plans({}),
    'Plans: name search': plans({ q: '16a7' }),
    'Plans: Locked': plans({ status: 'Locked', size: '10' }),
    'Marketplace: first page': marketplace({}),
    'Marketplace: search': marketplace({ q: '16A7' }),
    'Marketplace: tag search': marketplace({ q: 'e304' }),
    'My Clients: first page': myClients({}),
    'My Clients: name search': myClients({ q: 'd0c6' }),
    'My Clients: Registered': myClients({ status: 'Registered', size: '10' }),
    'Contracts tab: page 1': contracts('1'),
    'Contracts tab: page 3': contracts('3'),
    'Approvals: page 1': approvals('1'),
    'Approvals: page 2': approvals('2'),
  };
}

const sizes = [100, 100_000] as const;
/** Measured once more before any maintenance: the lists the missing statistics hurt most. */
const beforeMaintenance = ['Clients: name search', 'Marketplace: tag search', 'Approvals: page 1'];

export async function benchLists() {
  const opened: Awaited<ReturnType<typeof openBenchDatabase>>[] = [];
  try {
    const sets: ReturnType<typeof listQueries>[] = [];
    for (const size of sizes) {
      const bench = await openBenchDatabase();
      opened.push(bench);
      await bench.database.migrate();
      const lists = await createBenchLists(bench.database);
      const started = Date.now();
      await addBenchRows(bench.database, lists, 1, size);
      console.log(
        `${size.toLocaleString('en-US')} rows of each kind loaded in ${((Date.now() - started) / 1000).toFixed(0)} s`,
      );
      sets.push(listQueries(bench.database.db, lists));
    }
    const kind = process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite';
    const header = `${'list and filter'.padEnd(32)} ${'100'.padStart(9)} ${'100,000'.padStart(9)} ${'ratio'.padStart(6)}`;
    const measure = async (label: string) => {
      const [small = 0, large = 0] = await alternatingMedians(
        sets.map((queries) => queries[label] ?? (async () => {})),
      );
      console.log(
        `${label.padEnd(32)} ${`${small.toFixed(1)} ms`.padStart(9)} ${`${large.toFixed(1)} ms`.padStart(9)} ${`${(large / small).toFixed(1)}×`.padStart(6)}`,
      );
      return large / small;
    };
    console.log(`\nBefore any maintenance (${kind}, median of ${runs} runs): what the rows read as loaded`);
    console.log(header);
    for (const label of beforeMaintenance) await measure(label);
    for (const [i, bench] of opened.entries()) {
      console.log(`\n${(sizes[i] ?? 0).toLocaleString('en-US')} rows:`);
      for (const line of await maintainAsTheProduct(bench.database)) console.log(line);
    }
    console.log(`\nList server time after maintenance (${kind}, median of ${runs} runs, the two sizes in turn)`);
    console.log(header);
    let worst = 0;
    for (const label of Object.keys(sets[0] ?? {})) worst = Math.max(worst, await measure(label));
    console.log(`highest ratio: ${worst.toFixed(2)}×`);
  } finally {
    for (const bench of opened) await bench.done();
  }
}
