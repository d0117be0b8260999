import type { MappingRule, SsoProfile, SsoRole } from './config';

/**
 * What a provider's claims make of a person: pure rules, tested on their own (mapping.test.ts).
 */

/** The value at a dotted path of the claims (`realm_access.roles`); undefined when absent. */
export function claimAt(claims: Record<string, unknown>, path: string): unknown {
  let at: unknown = claims;
  for (const part of path.split('.')) {
    if (!at || typeof at !== 'object' || Array.isArray(at) || !Object.hasOwn(at, part)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}

/** A claim's text, when it is a bounded string. */
export function textClaim(claims: Record<string, unknown>, path: string, max = 320): string | undefined {
  const value = claimAt(claims, path);
  return typeof value === 'string' && value.length > 0 && value.length <= max ? value : undefined;
}

/** The groups (or roles) a claim lists: an array of strings, or one string; at most 500, each ≤ 256. */
export function groupsOf(claims: Record<string, unknown>, path: string): string[] {
  const value = claimAt(claims, path);
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return list.filter((g): g is string => typeof g === 'string' && g.length > 0 && g.length <= 256).slice(0, 500);
}

const rank: Record<SsoProfile, number> = { developer: 0, user: 1, admin: 2 };

export interface Mapped {
  /** The highest profile a matched rule gives; null when no matched rule names one. */
  profile: SsoProfile | null;
  /** Roles by organization slug, for every organization any rule names (empty set: none). */
  roles: Map<string, Set<SsoRole>>;
}

/**
 * Applies the rules to a person's groups. The rules own the organizations they name: in those,
 * the person holds exactly the roles their groups map to (none when no group matches, so leaving
 * a group takes the role away); organizations no rule names are left as they are.
 */
export function applyRules(rules: readonly MappingRule[], groups: readonly string[]): Mapped {
  const held = new Set(groups);
  const roles = new Map<string, Set<SsoRole>>();
  let profile: SsoProfile | null = null;
  for (const rule of rules) {
    for (const m of rule.memberships) if (!roles.has(m.org)) roles.set(m.org, new Set());
    if (!held.has(rule.value)) continue;
    if (rule.profile && (profile === null || rank[rule.profile] > rank[profile])) profile = rule.profile;
    for (const m of rule.memberships) roles.get(m.org)?.add(m.role);
  }
  return { profile, roles };
}

/** Who an SSO sign-in is, before anything is written. */
export type AccountDecision =
  | { kind: 'known'; userId: number }
  | { kind: 'link'; userId: number; why: 'verified-email' | 'signed-in-with-password' }
  | { kind: 'create' }
  | { kind: 'refused'; reason: 'domain-not-allowed' | 'email-taken' | 'no-email' | 'linked-elsewhere' };

export interface DecisionInput {
  /** The account already holding this (issuer, sub), if any. */
  identityUserId: number | null;
  /** The person who started the sign-in from their account page to link it (signed in with a password). */
  linkingUserId: number | null;
  /** A password account with the same email, if any. */
  emailUserId: number | null;
  email: string | undefined;
  emailVerified: boolean;
  linkVerifiedEmail: boolean;
  domainAllowed: boolean;
}

/**
 * Identities are keyed by (issuer, sub), never by email: an existing account is linked only when
 * the provider says the email is verified and the administrator allowed linking for it, or when
 * its owner, signed in with their password, asked for the link.
 */
export function decideAccount(input: DecisionInput): AccountDecision {
  if (input.identityUserId !== null) {
    if (input.linkingUserId !== null && input.linkingUserId !== input.identityUserId)
      return { kind: 'refused', reason: 'linked-elsewhere' };
    return { kind: 'known', userId: input.identityUserId };
  }
  if (input.linkingUserId !== null)
    return { kind: 'link', userId: input.linkingUserId, why: 'signed-in-with-password' };
  if (!input.email) return { kind: 'refused', reason: 'no-email' };
  if (!input.domainAllowed) return { kind: 'refused', reason: 'domain-not-allowed' };
  if (input.emailUserId !== null) {
    return input.emailVerified && input.linkVerifiedEmail
      ? { kind: 'link', userId: input.emailUserId, why: 'verified-email' }
      : { kind: 'refused', reason: 'email-taken' };
  }
  return { kind: 'create' };
}

/** Whether an email's domain may sign in through a provider with this allow-list (empty: any). */
export function domainAllowed(email: string | undefined, allowed: readonly string[]): boolean {
  if (!email) return false;
  if (allowed.length === 0) return true;
  return allowed.includes(email.slice(email.lastIndexOf('@') + 1).toLowerCase());
}
