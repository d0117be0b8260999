import type { Caller } from '@/lib/auth/permissions';

/** What every tab of the organization page gets: who asks, which organization, the URL's parameters. */
export interface OrgTabProps {
  caller: Caller;
  org: { id: number; slug: string; name: string };
  /** The page's query parameters, first values only. */
  search: Record<string, string | undefined>;
  /** The organization page's path; a tab's list links keep `tab` in the query. */
  path: string;
}
