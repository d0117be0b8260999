import { startSso } from '@/lib/auth/sso/routes';

export const dynamic = 'force-dynamic';

/** Sends the browser to the provider's sign-in (lib/auth/sso/routes.ts). */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  return startSso(request, (await params).provider);
}
