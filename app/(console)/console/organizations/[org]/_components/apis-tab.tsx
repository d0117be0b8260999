import { ProvidedList } from '@/app/(console)/console/_components/provided-list-page';
import type { OrgTabProps } from './tab-context';

export async function ApisTab({ caller, org, search, path }: OrgTabProps) {
  return <ProvidedList kind="api" caller={caller} search={search} path={path} org={org.slug} />;
}
