import { check, index, integer, jsonb, pgTable } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { id, timestamps } from './columns';
import { policyType } from './enums';
import { apiVersions } from './apis';
import { clientVersions } from './clients';
import { planVersions } from './plans';

/** A typed, validated policy attached to exactly one client, plan or API version, in explicit order. */
export const policies = pgTable(
  'policies',
  {
    id: id(),
    clientVersionId: integer().references(() => clientVersions.id, { onDelete: 'cascade' }),
    planVersionId: integer().references(() => planVersions.id, { onDelete: 'cascade' }),
    apiVersionId: integer().references(() => apiVersions.id, { onDelete: 'cascade' }),
    type: policyType().notNull(),
    /** Configuration validated by the policy type's zod schema (lib/policies). */
    config: jsonb().notNull(),
    /** Order in the chain, ascending. */
    position: integer().notNull(),
    ...timestamps,
  },
  (t) => [
    check('policies_one_owner', sql`num_nonnulls(${t.clientVersionId}, ${t.planVersionId}, ${t.apiVersionId}) = 1`),
    index().on(t.clientVersionId, t.position),
    index().on(t.planVersionId, t.position),
    index().on(t.apiVersionId, t.position),
  ],
);
