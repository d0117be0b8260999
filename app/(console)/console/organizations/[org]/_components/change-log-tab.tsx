import { getDb } from '@/db';
import { listParamsSchema } from '@/lib/pagination';
import { listChangeLog } from '@/lib/queries/change-log';
import { ChangeLogTable } from '@/components/console/change-log-table';
import { ListPagination } from '@/components/ui/list-controls';
import type { OrgTabProps } from './tab-context';

const changeLogParams = listParamsSchema(['created']);

/** Everything that changed in the organization, newest first, including deleted things. */
export async function ChangeLogTab({ caller, org, search, path }: OrgTabProps) {
  const { page, size } = changeLogParams.parse(search);
  const log = await listChangeLog(getDb(), caller, { orgId: org.id }, page, size);
  const params = { tab: 'change-log', page, size };
  return (
    <div>
      <ChangeLogTable rows={log.rows} />
      <ListPagination path={path} params={params} list={log} />
    </div>
  );
}
