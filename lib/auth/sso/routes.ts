import 'server-only';
import { cookies } from 'next/headers';
import { getDb } from '@/db';
import { publicOrigin } from '@/lib/http/public-url';
import { getLogger } from '@/lib/server/logger';
import { reportDatabaseError } from '@/lib/server/database-status';
import { getCaller } from '@/lib/auth/session';
import { completeSsoSignIn } from './account';
import {
  authorizationUrl,
  finishFlow,
  flowCookie,
  flowCookieSeconds,
  openFlow,
  sealFlow,
  SsoFailed,
  SsoUnavailable,
} from './oidc';
import { providerBySlug } from './providers';
import { issueTicket } from './ticket';

/**
 * The two addresses of a single sign-on: /sso/<slug>/start sends the browser to the provider,
 * /sso/<slug>/callback takes its answer. Every failure lands on the sign-in page with a calm
 * sentence (`?sso=<why>`), never a 500; the details go to the log, never a secret among them.
 */

/** Only same-site paths are followed after sign-in, never another origin. */
export function safeReturn(target: string | null): string {
  return target && target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\') ? target : '/';
}

export function loginWith(origin: string, why: string, slug?: string): Response {
  const url = new URL('/login', origin);
  url.searchParams.set('sso', why);
  if (slug) url.searchParams.set('provider', slug);
  return Response.redirect(url, 303);
}

export function redirectUriOf(origin: string, slug: string): string {
  return `${origin}/sso/${slug}/callback`;
}

export async function startSso(request: Request, slug: string): Promise<Response> {
  const origin = await publicOrigin();
  const query = new URL(request.url).searchParams;
  try {
    const provider = await providerBySlug(getDb(), slug);
    if (!provider || !provider.enabled) return loginWith(origin, 'unknown');
    let linkUserId: number | null = null;
    if (query.get('link') === '1') {
      // Linking starts from Portico's own Account page, never from another site's link.
      const site = request.headers.get('sec-fetch-site');
      if (site !== null && site !== 'same-origin') return loginWith(origin, 'failed', slug);
      const caller = await getCaller();
      if (!caller) return loginWith(origin, 'failed', slug);
      linkUserId = caller.userId;
    }
    const { url, flow } = await authorizationUrl(
      provider,
      redirectUriOf(origin, slug),
      safeReturn(query.get('returnTo')),
      linkUserId,
    );
    (await cookies()).set(flowCookie, await sealFlow(flow), {
      httpOnly: true,
      sameSite: 'lax',
      secure: origin.startsWith('https:'),
      path: '/sso',
      maxAge: flowCookieSeconds,
    });
    return Response.redirect(url, 303);
  } catch (error) {
    return failed(origin, slug, error);
  }
}

export async function finishSso(
  request: Request,
  slug: string,
): Promise<{ ticket: string; returnTo: string } | Response> {
  const origin = await publicOrigin();
  const jar = await cookies();
  const flow = await openFlow(jar.get(flowCookie)?.value);
  jar.delete({ name: flowCookie, path: '/sso' });
  if (!flow || flow.slug !== slug) return loginWith(origin, 'expired', slug);
  try {
    const db = getDb();
    const provider = await providerBySlug(db, slug);
    if (!provider || !provider.enabled) return loginWith(origin, 'unknown');
    const current = new URL(request.url);
    const claims = await finishFlow(
      provider,
      flow,
      new URL(`${origin}${current.pathname}${current.search}`),
      redirectUriOf(origin, slug),
    );
    const outcome = await completeSsoSignIn(db, provider, claims, flow.linkUserId);
    if (!outcome.ok) {
      getLogger().info({ provider: slug, reason: outcome.reason }, 'single sign-on refused');
      return loginWith(origin, outcome.reason, slug);
    }
    return {
      ticket: await issueTicket({ userId: outcome.user.id, slug }),
      returnTo: flow.linkUserId !== null ? '/' : flow.returnTo,
    };
  } catch (error) {
    return failed(origin, slug, error);
  }
}

function failed(origin: string, slug: string, error: unknown): Response {
  if (error instanceof SsoUnavailable) {
    getLogger().warn({ provider: slug, reason: error.message }, 'single sign-on provider unavailable');
    return loginWith(origin, 'unavailable', slug);
  }
  if (error instanceof SsoFailed) {
    getLogger().info({ provider: slug, reason: error.message }, 'single sign-on failed');
    return loginWith(origin, 'failed', slug);
  }
  if (reportDatabaseError(error)) return loginWith(origin, 'unavailable', slug);
  getLogger().error({ err: error, provider: slug }, 'single sign-on failed unexpectedly');
  return loginWith(origin, 'failed', slug);
}
