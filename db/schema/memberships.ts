import { index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { timestamps } from './columns';
import { orgRole } from './enums';
import { organizations } from './organizations';
import { users } from './users';

/** One row per role a member holds: a member may hold several roles in one organization. */
export const memberships = pgTable(
  'memberships',
  {
    orgId: integer()
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: orgRole().notNull(),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId, t.role] }), index().on(t.userId)],
);
