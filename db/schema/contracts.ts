import { index, integer, pgTable, timestamp, unique } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { contractStatus } from './enums';
import { apiVersions } from './apis';
import { clientVersions } from './clients';
import { planVersions } from './plans';
import { users } from './users';

/** A client version consuming an API version through one plan version; at most one per pair. */
export const contracts = pgTable(
  'contracts',
  {
    id: id(),
    clientVersionId: integer()
      .notNull()
      .references(() => clientVersions.id, { onDelete: 'cascade' }),
    apiVersionId: integer()
      .notNull()
      .references(() => apiVersions.id, { onDelete: 'cascade' }),
    planVersionId: integer()
      .notNull()
      .references(() => planVersions.id, { onDelete: 'restrict' }),
    status: contractStatus().notNull(),
    requestedByUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    approvedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (t) => [
    unique().on(t.clientVersionId, t.apiVersionId),
    // An API version's Contracts tab, page by page in its order (pending first, then oldest).
    index().on(t.apiVersionId, t.status, t.createdAt, t.id),
    // The approvals inbox: pending requests, oldest first.
    index().on(t.status, t.createdAt, t.id),
    index().on(t.planVersionId),
    index().on(t.requestedByUserId),
  ],
);
