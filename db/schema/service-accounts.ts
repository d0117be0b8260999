import { index, integer, pgTable } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { organizations } from './organizations';
import { users } from './users';

/**
 * The organization each service account (a users row of kind 'service') belongs to, one each. Its
 * rights come from its membership there, like anyone's; this row says whose it is to manage.
 */
export const serviceAccounts = pgTable(
  'service_accounts',
  {
    userId: integer()
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    ...timestamps,
  },
  (t) => [index().on(t.orgId)],
);
