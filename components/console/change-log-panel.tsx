import { getDb } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { listChangeLog, type ChangeLogScope } from '@/lib/queries/change-log';
import { pageParams, pageSize, type pageSizes } from '@/lib/queries/page';
import { ListPagination } from '@/components/ui/list-controls';
import { ChangeLogTable } from './change-log-table';

/** The panel's paging per default page size, each made once (a zod schema compiles at its first use). */
const pagings = new Map<number, typeof pageParams>();
function pagingFor(size: (typeof pageSizes)[number]): typeof pageParams {
  let paging = pagings.get(size);
  if (!paging) pagings.set(size, (paging = pageParams.extend({ size: pageSize(size) })));
  return paging;
}

/**
 * A Change Log tab: one page of the log, newest first, paged like every list through the URL's
 * ?page=&size= (`tab`: the tab the pager's links stay on; `defaultSize`: the size without ?size=).
 */
export async function ChangeLogPanel({
  caller,
  scope,
  search,
  path,
  tab,
  defaultSize = 25,
}: {
  caller: Caller;
  scope: ChangeLogScope;
  search: Record<string, string | undefined>;
  path: string;
  tab: string;
  defaultSize?: (typeof pageSizes)[number];
}) {
  const paging = pagingFor(defaultSize).parse(search);
  const log = await listChangeLog(getDb(), caller, scope, paging);
  return (
    <div>
      <ChangeLogTable rows={log.rows} />
      <ListPagination path={path} params={{ tab, ...paging }} list={log} />
    </div>
  );
}
