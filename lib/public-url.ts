import { headers } from 'next/headers';

/** The origin people and API callers reach this Portico at: PORTICO_PUBLIC_URL, else the request's own. */
export async function publicOrigin(): Promise<string> {
  if (process.env.PORTICO_PUBLIC_URL) return process.env.PORTICO_PUBLIC_URL.replace(/\/+$/, '');
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000';
  const proto = h.get('x-forwarded-proto') ?? 'http';
  return `${proto}://${host}`;
}

export function gatewayUrl(origin: string, ref: { org: string; api: string; version: string }): string {
  return `${origin}/gateway/${ref.org}/${ref.api}/${encodeURIComponent(ref.version)}`;
}
