import { inArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import { visibleOrgIds, type Caller } from '@/lib/auth/permissions';

/** The `where` part limiting a query to organizations the caller may see. */
export function visibleOrgs(caller: Caller, orgIdColumn: PgColumn): SQL | undefined {
  const ids = visibleOrgIds(caller);
  if (ids === null) return undefined; // admin: every organization
  if (ids.length === 0) return sql`false`;
  return inArray(orgIdColumn, ids);
}
