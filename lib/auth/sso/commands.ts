import 'server-only';
import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { organizations, ssoProviders } from '@/db/schema';
import type { Caller } from '@/lib/auth/permissions';
import { recordChange } from '@/lib/commands/change-log';
import { invalid, notAllowed, notFoundResult, ok, isUniqueViolation, type ActionResult } from '@/lib/commands/result';
import { transact, type CommandContext } from '@/lib/commands/transact';
import { id } from '@/lib/commands/input';
import type { Tx } from '@/db';
import { clientSecret, domainList, parseRules, providerSettings, slugOf, type ProviderSettings } from './config';
import { testConnection, type ConnectionReport } from './oidc';
import { environmentProviderList, providerBySlug, providerOfRow } from './providers';
import { sealSecret } from './secret-box';

/**
 * Administration → Sign-in: single sign-on providers, administrators only. Each command: who →
 * may they → zod → one transaction with its change-log entry (installation-wide: no organization).
 * The client secret is sealed at once and never shown back, logged or recorded.
 */

/** Whether the caller administers the installation's sign-in (administrators, in person). */
export function mayConfigureSignIn(caller: Caller): boolean {
  return caller.profile === 'admin' && !caller.via;
}

const flag = z.union([z.boolean(), z.literal('on'), z.literal('')]).transform((v) => v === true || v === 'on');

/** The form as the page posts it: rules and domains as text. */
const formFields = z.object({
  name: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  scopes: z.string().optional(),
  emailClaim: z.string().optional(),
  nameClaim: z.string().optional(),
  groupsClaim: z.string().optional(),
  rules: z.string().max(50_000).default(''),
  allowedDomains: z.string().max(10_000).default(''),
  requiredDomains: z.string().max(10_000).default(''),
  mapEverySignIn: flag.default(true),
  linkVerifiedEmail: flag.default(false),
  enabled: flag.default(true),
});

export const createSsoProviderInput = formFields.extend({ slug: z.string(), clientSecret: z.string() });
export const updateSsoProviderInput = formFields.extend({
  id: id(),
  /** Blank keeps the stored secret. */
  clientSecret: z.string().optional(),
});
export const ssoProviderIdInput = z.object({ id: id() });
export const testSsoConnectionInput = z.object({
  /** The stored provider whose secret to use when none is typed. */
  slug: slugOf.optional(),
  issuer: z.string(),
  clientId: z.string(),
  clientSecret: z.string().optional(),
});

type Fields = z.output<typeof formFields>;

function settingsOf(fields: Fields): { settings: ProviderSettings } | { errors: Record<string, string[]> } {
  const rules = parseRules(fields.rules);
  const parsed = providerSettings.safeParse({
    ...fields,
    scopes: fields.scopes || undefined,
    emailClaim: fields.emailClaim || undefined,
    nameClaim: fields.nameClaim || undefined,
    groupsClaim: fields.groupsClaim || undefined,
    rules: 'rules' in rules ? rules.rules : [],
    allowedDomains: domainList(fields.allowedDomains),
    requiredDomains: domainList(fields.requiredDomains),
  });
  const errors: Record<string, string[]> = {};
  if ('errors' in rules) errors.rules = rules.errors;
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? 'form');
      (errors[key] ??= []).push(key.endsWith('Domains') ? `${issue.message}` : issue.message);
    }
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { settings: parsed.data };
}

/** Rules may name only organizations that exist. */
async function unknownOrganizations(tx: Tx, settings: ProviderSettings): Promise<string[]> {
  const named = [...new Set(settings.rules.flatMap((r) => r.memberships.map((m) => m.org)))];
  if (named.length === 0) return [];
  const found = await tx
    .select({ slug: organizations.slug })
    .from(organizations)
    .where(inArray(organizations.slug, named));
  const known = new Set(found.map((o) => o.slug));
  return named.filter((slug) => !known.has(slug));
}

/** What the change log keeps of a provider: everything but the secret. */
function recorded(settings: ProviderSettings & { slug: string }) {
  return { ...settings, clientSecret: '(sealed)' };
}

export async function createSsoProvider(
  { db, caller }: CommandContext,
  input: unknown,
): Promise<ActionResult<{ id: number }>> {
  if (!mayConfigureSignIn(caller)) return notAllowed();
  const parsed = createSsoProviderInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const slug = slugOf.safeParse(parsed.data.slug);
  const secret = clientSecret.safeParse(parsed.data.clientSecret);
  const result = settingsOf(parsed.data);
  const errors = 'errors' in result ? { ...result.errors } : {};
  if (!slug.success) errors.slug = slug.error.issues.map((i) => i.message);
  if (!secret.success) errors.clientSecret = secret.error.issues.map((i) => i.message);
  if (slug.success && environmentProviderList().some((p) => p.slug === slug.data))
    errors.slug = ['PORTICO_SSO_PROVIDERS already gives a provider with this slug'];
  if (Object.keys(errors).length > 0 || !('settings' in result) || !slug.success || !secret.success)
    return invalid(errors);
  const { settings } = result;
  try {
    return await transact(db, async (tx) => {
      const unknown = await unknownOrganizations(tx, settings);
      if (unknown.length > 0) return invalid({ rules: [`No organization has the slug ${unknown.join(', ')}`] });
      const [row] = await tx
        .insert(ssoProviders)
        .values({ ...settings, slug: slug.data, clientSecretSealed: sealSecret(secret.data, slug.data) })
        .returning({ id: ssoProviders.id });
      if (!row) throw new Error('provider not stored');
      await recordChange(tx, caller, {
        orgId: null,
        entityType: 'sso_provider',
        entityId: row.id,
        entityName: settings.name,
        action: 'create',
        after: recorded({ ...settings, slug: slug.data }),
      });
      return ok({ id: row.id });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'sso_providers_slug_unique'))
      return invalid({ slug: ['Another provider has this slug'] });
    throw error;
  }
}

export async function updateSsoProvider({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  if (!mayConfigureSignIn(caller)) return notAllowed();
  const parsed = updateSsoProviderInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const result = settingsOf(parsed.data);
  const secretText = parsed.data.clientSecret ?? '';
  const secret = secretText ? clientSecret.safeParse(secretText) : null;
  if ('errors' in result || (secret && !secret.success)) {
    const errors = 'errors' in result ? { ...result.errors } : {};
    if (secret && !secret.success) errors.clientSecret = secret.error.issues.map((i) => i.message);
    return invalid(errors);
  }
  const { settings } = result;
  return transact(db, async (tx) => {
    const [row] = await tx.select().from(ssoProviders).where(eq(ssoProviders.id, parsed.data.id)).for('update');
    if (!row) return notFoundResult('The provider');
    const unknown = await unknownOrganizations(tx, settings);
    if (unknown.length > 0) return invalid({ rules: [`No organization has the slug ${unknown.join(', ')}`] });
    await tx
      .update(ssoProviders)
      .set({ ...settings, ...(secret?.success ? { clientSecretSealed: sealSecret(secret.data, row.slug) } : {}) })
      .where(eq(ssoProviders.id, row.id));
    const { clientSecret: _kept, ...before } = providerOfRow(row);
    await recordChange(tx, caller, {
      orgId: null,
      entityType: 'sso_provider',
      entityId: row.id,
      entityName: settings.name,
      action: 'update',
      before: { ...before, clientSecret: '(sealed)' },
      after: { ...recorded({ ...settings, slug: row.slug }), clientSecret: secret?.success ? '(changed)' : '(sealed)' },
    });
    return ok(undefined);
  });
}

export async function deleteSsoProvider({ db, caller }: CommandContext, input: unknown): Promise<ActionResult> {
  if (!mayConfigureSignIn(caller)) return notAllowed();
  const parsed = ssoProviderIdInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  return transact(db, async (tx) => {
    const [row] = await tx.delete(ssoProviders).where(eq(ssoProviders.id, parsed.data.id)).returning();
    if (!row) return notFoundResult('The provider');
    await recordChange(tx, caller, {
      orgId: null,
      entityType: 'sso_provider',
      entityId: row.id,
      entityName: row.name,
      action: 'delete',
      before: { slug: row.slug, issuer: row.issuer, clientId: row.clientId },
    });
    return ok(undefined);
  });
}

/** Discovery and a round trip with the client's credentials; changes nothing. */
export async function testSsoConnection(
  { db, caller }: CommandContext,
  input: unknown,
  redirectUri: (slug: string) => Promise<string>,
): Promise<ActionResult<ConnectionReport>> {
  if (!mayConfigureSignIn(caller)) return notAllowed();
  const parsed = testSsoConnectionInput.safeParse(input);
  if (!parsed.success) return invalid(parsed.error);
  const settings = providerSettings.pick({ issuer: true, clientId: true }).safeParse(parsed.data);
  if (!settings.success) return invalid(settings.error);
  const typed = parsed.data.clientSecret ? clientSecret.safeParse(parsed.data.clientSecret) : null;
  if (typed && !typed.success) return invalid({ clientSecret: typed.error.issues.map((i) => i.message) });
  let secret = typed?.data ?? '';
  if (!secret && parsed.data.slug) {
    const stored = await providerBySlug(db, parsed.data.slug);
    secret = stored?.clientSecret() ?? '';
  }
  if (!secret) return invalid({ clientSecret: ['Enter the client secret to test with'] });
  return ok(
    await testConnection({ ...settings.data, clientSecret: secret }, await redirectUri(parsed.data.slug ?? 'test')),
  );
}
