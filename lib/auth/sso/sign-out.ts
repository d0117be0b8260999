import 'server-only';
import { cookies, headers } from 'next/headers';
import { getDb } from '@/db';
import { env } from '@/lib/env';
import { publicOrigin } from '@/lib/http/public-url';
import { secureCookieFor, sessionCookieName } from '@/lib/auth/cookies';
import { readSessionToken } from '@/lib/auth/session-token';
import { endSessionUrl } from './oidc';
import { providerBySlug } from './providers';

/**
 * Where the browser goes after Portico ended its sessions: the provider's end_session_endpoint
 * when the session began there and it offers one (back to /login afterwards), else /login.
 */
export async function afterSignOut(): Promise<string> {
  try {
    const [jar, h] = await Promise.all([cookies(), headers()]);
    const name = sessionCookieName(secureCookieFor(h.get('x-forwarded-proto') === 'https' ? 'https:' : 'http:'));
    const token = jar.get(name)?.value;
    const claims = token ? await readSessionToken(token, env('AUTH_SECRET') ?? '', name) : null;
    if (typeof claims?.sso !== 'string') return '/login';
    const provider = await providerBySlug(getDb(), claims.sso);
    if (!provider) return '/login';
    const url = await endSessionUrl(provider, `${await publicOrigin()}/login`);
    return url ? url.href : '/login';
  } catch {
    return '/login';
  }
}
