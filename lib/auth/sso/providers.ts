import 'server-only';
import { asc, eq } from 'drizzle-orm';
import type { Db } from '@/db';
import { ssoIdentities, ssoProviders } from '@/db/schema';
import { env } from '@/lib/env';
import { mappingRule, type MappingRule } from './config';
import { openSecret } from './secret-box';

/** A provider as sign-in uses it, from the database or PORTICO_SSO_PROVIDERS. */
export interface SsoProvider {
  /** The stored provider's id; null for one of the environment. */
  id: number | null;
  source: 'console' | 'environment';
  slug: string;
  name: string;
  issuer: string;
  clientId: string;
  /** Opened only where it is sent to the provider; null when it cannot be opened. */
  clientSecret: () => string | null;
  scopes: string;
  emailClaim: string;
  nameClaim: string;
  groupsClaim: string;
  rules: MappingRule[];
  mapEverySignIn: boolean;
  allowedDomains: string[];
  requiredDomains: string[];
  linkVerifiedEmail: boolean;
  enabled: boolean;
}

type Row = typeof ssoProviders.$inferSelect;

function rulesOf(stored: unknown): MappingRule[] {
  if (!Array.isArray(stored)) return [];
  return stored.flatMap((rule) => {
    const parsed = mappingRule.safeParse(rule);
    return parsed.success ? [parsed.data] : [];
  });
}

export function providerOfRow(row: Row): SsoProvider {
  return {
    id: row.id,
    source: 'console',
    slug: row.slug,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: () => openSecret(row.clientSecretSealed, row.slug),
    scopes: row.scopes,
    emailClaim: row.emailClaim,
    nameClaim: row.nameClaim,
    groupsClaim: row.groupsClaim,
    rules: rulesOf(row.rules),
    mapEverySignIn: row.mapEverySignIn,
    allowedDomains: row.allowedDomains,
    requiredDomains: row.requiredDomains,
    linkVerifiedEmail: row.linkVerifiedEmail,
    enabled: row.enabled,
  };
}

export function environmentProviderList(): SsoProvider[] {
  return env('PORTICO_SSO_PROVIDERS').map(({ clientSecret, ...provider }) => ({
    ...provider,
    id: null,
    source: 'environment' as const,
    clientSecret: () => clientSecret,
  }));
}

/** Every provider, the environment's first; a stored one whose slug the environment took is left out. */
export async function listProviders(db: Db): Promise<SsoProvider[]> {
  const fromEnv = environmentProviderList();
  const taken = new Set(fromEnv.map((p) => p.slug));
  const rows = await db.select().from(ssoProviders).orderBy(asc(ssoProviders.name));
  return [...fromEnv, ...rows.map(providerOfRow).filter((p) => !taken.has(p.slug))];
}

export async function enabledProviders(db: Db): Promise<SsoProvider[]> {
  return (await listProviders(db)).filter((p) => p.enabled);
}

export async function providerBySlug(db: Db, slug: string): Promise<SsoProvider | null> {
  const fromEnv = environmentProviderList().find((p) => p.slug === slug);
  if (fromEnv) return fromEnv;
  const [row] = await db.select().from(ssoProviders).where(eq(ssoProviders.slug, slug));
  return row ? providerOfRow(row) : null;
}

/** The enabled provider that requires single sign-on for this email's domain, if any. */
export function requiringProvider(providers: readonly SsoProvider[], email: string): SsoProvider | null {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return providers.find((p) => p.enabled && p.requiredDomains.includes(domain)) ?? null;
}

/** The enabled providers and whether the person's account is linked at each (the Account page). */
export async function signInLinksOf(
  db: Db,
  userId: number,
): Promise<{ slug: string; name: string; linked: boolean }[]> {
  const [providers, identities] = await Promise.all([
    enabledProviders(db),
    db.select({ issuer: ssoIdentities.issuer }).from(ssoIdentities).where(eq(ssoIdentities.userId, userId)),
  ]);
  const linked = new Set(identities.map((i) => i.issuer));
  return providers.map((p) => ({ slug: p.slug, name: p.name, linked: linked.has(p.issuer) }));
}
