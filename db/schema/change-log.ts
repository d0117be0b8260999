import { bigint, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { changeAction, entityType } from './enums';
import { organizations } from './organizations';
import { users } from './users';

/**
 * Kept on the organization even after the entity itself is deleted, hence no entity foreign key.
 * Installation-wide changes (sign-in providers, a break-glass sign-in) belong to no organization:
 * `orgId` null, shown to administrators only.
 */
export const changeLog = pgTable(
  'change_log',
  {
    id: bigint({ mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: integer().references(() => organizations.id, { onDelete: 'cascade' }),
    actorUserId: integer().references(() => users.id, { onDelete: 'set null' }),
    /** Name of the actor at the time, kept when the user is deleted. */
    actorName: text().notNull(),
    entityType: entityType().notNull(),
    entityId: integer().notNull(),
    /** Name (and version) of the entity at the time, kept after it is deleted. */
    entityName: text().notNull(),
    entityVersion: text(),
    action: changeAction().notNull(),
    before: jsonb(),
    after: jsonb(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index().on(t.orgId, t.createdAt),
    index().on(t.entityType, t.entityId, t.createdAt),
    index().on(t.actorUserId),
  ],
);
