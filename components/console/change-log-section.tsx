import { getDb } from '@/db';
import type { Caller } from '@/lib/auth/permissions';
import { pageParams } from '@/lib/pagination';
import { listChangeLog, type ChangeLogScope } from '@/lib/queries/change-log';
import { ListPagination } from '@/components/ui/list-controls';
import { ChangeLogTable } from './change-log-table';

/**
 * The Change Log tab of an API, plan or client version page: the entity's entries, a page at a
 * time, with the pager every list uses (?page=&size= beside the tab's own ?tab=).
 */
export async function ChangeLogSection({
  caller,
  scope,
  path,
  tab,
  search,
}: {
  caller: Caller;
  scope: ChangeLogScope;
  /** The page's path, without its query. */
  path: string;
  /** The tab's own URL value, kept by the pager's links. */
  tab: string;
  search: { page?: string; size?: string };
}) {
  const { page, size } = pageParams.parse(search);
  const log = await listChangeLog(getDb(), caller, scope, page, size);
  return (
    <div>
      <ChangeLogTable rows={log.rows} />
      <ListPagination path={path} params={{ tab, page, size }} list={log} />
    </div>
  );
}
