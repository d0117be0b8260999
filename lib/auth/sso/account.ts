import 'server-only';
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '@/db';
import { memberships, organizations, ssoIdentities, users } from '@/db/schema';
import { recordChange } from '@/lib/commands/change-log';
import { hashPassword } from '@/lib/auth/password';
import type { SignedInUser } from '@/lib/auth/credentials';
import type { SsoRole } from './config';
import { breakGlassAccount } from './break-glass';
import { applyRules, decideAccount, domainAllowed, groupsOf, textClaim, type AccountDecision } from './mapping';
import type { SsoProvider } from './providers';

export type SsoRefusal = Extract<AccountDecision, { kind: 'refused' }>['reason'] | 'no-subject' | 'not-a-person';

export type SsoOutcome = { ok: true; user: SignedInUser; created: boolean } | { ok: false; reason: SsoRefusal };

/**
 * The Portico account a provider's signed-in person is, made or linked as the rules say
 * (lib/auth/sso/mapping.ts `decideAccount`), with the provider's mapping applied at the first
 * sign-in or every one. One transaction; account creation, links and role changes are in the change log.
 */
export async function completeSsoSignIn(
  db: Db,
  provider: SsoProvider,
  claims: Record<string, unknown>,
  linkingUserId: number | null,
): Promise<SsoOutcome> {
  const sub = textClaim(claims, 'sub', 255);
  if (!sub) return { ok: false, reason: 'no-subject' };
  const rawEmail = textClaim(claims, provider.emailClaim, 320)?.trim().toLowerCase();
  const email = rawEmail && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(rawEmail) ? rawEmail : undefined;
  const name = (textClaim(claims, provider.nameClaim, 200) ?? email ?? 'Single sign-on user').trim();
  const groups = groupsOf(claims, provider.groupsClaim);
  const emailVerified = claims.email_verified === true;
  const breakGlass = await breakGlassAccount(db);
  // A password for nobody: an account made here signs in through its provider only.
  const unusableHash = await hashPassword(randomBytes(32).toString('base64url'));

  return db.transaction(async (tx) => {
    const [identity] = await tx
      .select({ userId: ssoIdentities.userId })
      .from(ssoIdentities)
      .where(and(eq(ssoIdentities.issuer, provider.issuer), eq(ssoIdentities.subject, sub)));
    const [byEmail] = email
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(sql`lower(${users.email}) = ${email}`)
      : [];
    const decision = decideAccount({
      identityUserId: identity?.userId ?? null,
      linkingUserId,
      emailUserId: byEmail?.id ?? null,
      email,
      emailVerified,
      linkVerifiedEmail: provider.linkVerifiedEmail,
      domainAllowed: domainAllowed(email, provider.allowedDomains),
    });
    if (decision.kind === 'refused') return { ok: false as const, reason: decision.reason };

    const mapped = applyRules(provider.rules, groups);
    let userId: number;
    let created = false;
    if (decision.kind === 'create' && email) {
      const [made] = await tx
        .insert(users)
        .values({ email, name, passwordHash: unusableHash, profile: mapped.profile ?? 'developer' })
        .returning({ id: users.id });
      if (!made) throw new Error('account not made');
      userId = made.id;
      created = true;
      await recordChange(
        tx,
        { userId, name: `${name} via ${provider.name}` },
        {
          orgId: null,
          entityType: 'user',
          entityId: userId,
          entityName: name,
          action: 'create',
          after: { email, profile: mapped.profile ?? 'developer', provider: provider.slug },
        },
      );
    } else if (decision.kind !== 'create') {
      userId = decision.userId;
    } else {
      return { ok: false as const, reason: 'no-email' as const };
    }
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for('update');
    if (!user || user.kind !== 'person') return { ok: false as const, reason: 'not-a-person' as const };

    if (decision.kind !== 'known') {
      await tx
        .insert(ssoIdentities)
        .values({ issuer: provider.issuer, subject: sub, userId, providerSlug: provider.slug });
      if (decision.kind === 'link')
        await recordChange(
          tx,
          { userId, name: user.name },
          {
            orgId: null,
            entityType: 'user',
            entityId: userId,
            entityName: user.name,
            action: 'update',
            after: { linked: provider.slug, why: decision.why },
          },
        );
    } else {
      await tx
        .update(ssoIdentities)
        .set({ lastSignInAt: new Date(), providerSlug: provider.slug })
        .where(and(eq(ssoIdentities.issuer, provider.issuer), eq(ssoIdentities.subject, sub)));
    }

    let profile = user.profile;
    if (created || provider.mapEverySignIn) {
      // The break-glass administrator stays an administrator whatever a provider says.
      const wanted = breakGlass?.id === userId ? 'admin' : (mapped.profile ?? (created ? profile : 'developer'));
      if (wanted !== profile && provider.rules.some((r) => r.profile)) {
        await tx.update(users).set({ profile: wanted }).where(eq(users.id, userId));
        await recordChange(
          tx,
          { userId, name: `${user.name} via ${provider.name}` },
          {
            orgId: null,
            entityType: 'user',
            entityId: userId,
            entityName: user.name,
            action: 'update',
            before: { profile },
            after: { profile: wanted },
          },
        );
        profile = wanted;
      }
      await applyMemberships(tx, userId, user.name, provider, mapped.roles);
    }
    return {
      ok: true as const,
      created,
      user: { id: userId, name: user.name, email: user.email, profile, sessionVersion: user.sessionVersion },
    };
  });
}

/** In each organization the rules name, the person holds exactly the mapped roles. */
async function applyMemberships(
  tx: Tx,
  userId: number,
  userName: string,
  provider: SsoProvider,
  roles: Map<string, Set<SsoRole>>,
) {
  if (roles.size === 0) return;
  const orgs = await tx
    .select({ id: organizations.id, slug: organizations.slug })
    .from(organizations)
    .where(inArray(organizations.slug, [...roles.keys()]));
  const actor = { userId, name: `${userName} via ${provider.name}` };
  for (const org of orgs) {
    const wanted = roles.get(org.slug) ?? new Set<SsoRole>();
    const held = new Set(
      (
        await tx
          .select({ role: memberships.role })
          .from(memberships)
          .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId)))
      ).map((m) => m.role),
    );
    const add = [...wanted].filter((r) => !held.has(r));
    const remove = [...held].filter((r) => !wanted.has(r));
    if (add.length === 0 && remove.length === 0) continue;
    if (add.length > 0) await tx.insert(memberships).values(add.map((role) => ({ orgId: org.id, userId, role })));
    if (remove.length > 0)
      await tx
        .delete(memberships)
        .where(and(eq(memberships.orgId, org.id), eq(memberships.userId, userId), inArray(memberships.role, remove)));
    await recordChange(tx, actor, {
      orgId: org.id,
      entityType: 'member',
      entityId: userId,
      entityName: userName,
      action: held.size === 0 ? 'member_added' : wanted.size === 0 ? 'member_removed' : 'member_updated',
      before: { roles: [...held] },
      after: { roles: [...wanted], provider: provider.slug },
    });
  }
}
