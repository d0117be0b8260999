import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { id, timestamps } from './columns';
import { users } from './users';

/**
 * An OpenID Connect provider people sign in with (single sign-on, issue 28 §2), configured by an
 * administrator. Providers given by PORTICO_SSO_PROVIDERS are not stored: they are read from the
 * environment (lib/auth/sso/providers.ts).
 */
export const ssoProviders = pgTable(
  'sso_providers',
  {
    id: id(),
    /** In the sign-in addresses (/sso/<slug>/start); never changes. */
    slug: text().notNull(),
    /** On the sign-in button: "Sign in with <name>". */
    name: text().notNull(),
    issuer: text().notNull(),
    clientId: text().notNull(),
    /** AES-256-GCM under a key derived from AUTH_SECRET (lib/auth/sso/secret-box.ts); never shown back. */
    clientSecretSealed: text().notNull(),
    scopes: text().notNull().default('openid email profile'),
    emailClaim: text().notNull().default('email'),
    nameClaim: text().notNull().default('name'),
    groupsClaim: text().notNull().default('groups'),
    /** Mapping rules (lib/auth/sso/mapping.ts `MappingRule[]`). */
    rules: jsonb().notNull().default([]),
    /** true: the rules set profile and roles at every sign-in; false: only when the account is made. */
    mapEverySignIn: boolean().notNull().default(true),
    /** Email domains allowed to sign in (lower case); empty: any. */
    allowedDomains: text().array().notNull().default([]),
    /** Email domains whose people must sign in here: their password sign-in is off (break-glass aside). */
    requiredDomains: text().array().notNull().default([]),
    /** Whether an existing password account is linked when the provider says its email is verified. */
    linkVerifiedEmail: boolean().notNull().default(false),
    enabled: boolean().notNull().default(true),
    ...timestamps,
  },
  (t) => [uniqueIndex('sso_providers_slug_unique').on(t.slug)],
);

/** A person's account at a provider, keyed by (issuer, sub): never by email. */
export const ssoIdentities = pgTable(
  'sso_identities',
  {
    id: id(),
    issuer: text().notNull(),
    subject: text().notNull(),
    userId: integer()
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** The provider it was last used through (stored providers' slug or an environment provider's). */
    providerSlug: text().notNull(),
    lastSignInAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    ...timestamps,
  },
  (t) => [uniqueIndex('sso_identities_issuer_subject_unique').on(t.issuer, t.subject), index().on(t.userId)],
);
