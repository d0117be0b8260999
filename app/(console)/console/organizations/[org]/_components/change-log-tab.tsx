import { ChangeLogPanel } from '@/components/console/change-log-panel';
import type { OrgTabProps } from './tab-context';

/** Everything that changed in the organization, newest first, including deleted things. */
export async function ChangeLogTab({ caller, org, search, path }: OrgTabProps) {
  return <ChangeLogPanel caller={caller} scope={{ orgId: org.id }} search={search} path={path} tab="change-log" />;
}
