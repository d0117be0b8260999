import { z } from 'zod';
import { nameText } from '@/lib/commands/input';

/**
 * What configures a single sign-on provider, whether an administrator enters it (Administration →
 * Sign-in) or PORTICO_SSO_PROVIDERS gives it: the one schema both are read with. Pure: lib/env.ts
 * reads the environment's providers with it.
 */

export const ssoProfiles = ['admin', 'user', 'developer'] as const;
export const ssoRoles = ['Editor', 'Viewer', 'UserManager'] as const;
export type SsoProfile = (typeof ssoProfiles)[number];
export type SsoRole = (typeof ssoRoles)[number];

/** A group or role claim value leads to a profile and/or organization roles (organizations by slug). */
export const mappingRule = z.object({
  value: z.string().trim().min(1).max(256),
  profile: z.enum(ssoProfiles).optional(),
  memberships: z
    .array(z.object({ org: z.string().trim().min(1).max(100), role: z.enum(ssoRoles) }))
    .max(50)
    .default([]),
});
export type MappingRule = z.output<typeof mappingRule>;

const domain = z
  .string()
  .trim()
  .toLowerCase()
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'is not a domain name (example.com)');

/** A dotted path into the ID token / userinfo claims (`realm_access.roles`). */
const claimPath = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_:\-/]+(\.[A-Za-z0-9_:\-/]+){0,7}$/, 'is not a claim path (letters, digits, dots)');

/** Kept exactly as given: the discovery document's `issuer` must equal it, trailing slash and all. */
export const issuerUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.search && !url.hash && !url.username;
    } catch {
      return false;
    }
  }, 'Enter the issuer address (https://…)');

export const slugOf = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, 'Use lower-case letters, digits and dashes (up to 40)');

/** A client id or secret: RFC 6749's VSCHAR, printable ASCII only. */
function visibleAscii(what: string, max: number) {
  return z
    .string()
    .trim()
    .min(1, `Enter ${what}`)
    .max(max)
    .regex(/^[\x20-\x7e]+$/, `Use printable ASCII characters for ${what}`);
}

/** Every field but the secret and the slug; shared by creating, editing and the environment. */
export const providerSettings = z.object({
  name: nameText({ max: 80 }),
  issuer: issuerUrl,
  clientId: visibleAscii('the client id', 300),
  scopes: z
    .string()
    .trim()
    .max(500)
    .regex(/^[\x21-\x7e]+( [\x21-\x7e]+)*$/, 'Separate scopes with single spaces')
    .refine((value) => value.split(' ').includes('openid'), 'The scopes must include openid')
    .default('openid email profile'),
  emailClaim: claimPath.default('email'),
  nameClaim: claimPath.default('name'),
  groupsClaim: claimPath.default('groups'),
  rules: z.array(mappingRule).max(200).default([]),
  mapEverySignIn: z.boolean().default(true),
  allowedDomains: z.array(domain).max(100).default([]),
  requiredDomains: z.array(domain).max(100).default([]),
  linkVerifiedEmail: z.boolean().default(false),
  enabled: z.boolean().default(true),
});
export type ProviderSettings = z.output<typeof providerSettings>;

export const clientSecret = visibleAscii('the client secret', 2000);

/** One provider of PORTICO_SSO_PROVIDERS (a JSON array). */
export const environmentProvider = providerSettings.extend({ slug: slugOf, clientSecret });
export type EnvironmentProvider = z.output<typeof environmentProvider>;

export const environmentProviders = z
  .array(environmentProvider)
  .max(20)
  .refine((list) => new Set(list.map((p) => p.slug)).size === list.length, 'gives one slug twice');

const roleWords: Record<string, SsoRole> = { editor: 'Editor', viewer: 'Viewer', 'user manager': 'UserManager' };
const roleLabel: Record<SsoRole, string> = { Editor: 'Editor', Viewer: 'Viewer', UserManager: 'User Manager' };

/**
 * The rules as an administrator writes them, one per line:
 * `platform-admins -> admin` or `team-payments -> user, payments:Editor, payments:User Manager`.
 * Returns the rules, or the numbered lines that could not be read.
 */
export function parseRules(text: string): { rules: MappingRule[] } | { errors: string[] } {
  const rules: MappingRule[] = [];
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > 200) return { errors: ['Up to 200 rules'] };
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const arrow = line.indexOf('->');
    const value = arrow < 0 ? '' : line.slice(0, arrow).trim();
    const targets =
      arrow < 0
        ? []
        : line
            .slice(arrow + 2)
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean);
    const rule: { value: string; profile?: SsoProfile; memberships: { org: string; role: SsoRole }[] } = {
      value,
      memberships: [],
    };
    let bad = !value || targets.length === 0;
    for (const target of targets) {
      const colon = target.lastIndexOf(':');
      if (colon < 0) {
        if ((ssoProfiles as readonly string[]).includes(target.toLowerCase()) && !rule.profile)
          rule.profile = target.toLowerCase() as SsoProfile;
        else bad = true;
      } else {
        const role =
          roleWords[
            target
              .slice(colon + 1)
              .trim()
              .toLowerCase()
          ];
        const org = target.slice(0, colon).trim().toLowerCase();
        if (role && org) rule.memberships.push({ org, role });
        else bad = true;
      }
    }
    const parsed = mappingRule.safeParse(rule);
    if (bad || !parsed.success)
      errors.push(
        `Line ${index + 1}: write "group -> profile, organization:Role" (admin, user or developer; Editor, Viewer or User Manager)`,
      );
    else rules.push(parsed.data);
  });
  return errors.length > 0 ? { errors } : { rules };
}

export function formatRules(rules: readonly MappingRule[]): string {
  return rules
    .map((rule) =>
      [rule.profile, ...rule.memberships.map((m) => `${m.org}:${roleLabel[m.role]}`)].filter(Boolean).join(', '),
    )
    .map((targets, i) => `${rules[i]?.value} -> ${targets}`)
    .join('\n');
}

/** `example.com, Example.org` → ['example.com', 'example.org'], unchecked (the schema checks). */
export function domainList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

export function emailDomain(email: string): string {
  return email.slice(email.lastIndexOf('@') + 1).toLowerCase();
}
