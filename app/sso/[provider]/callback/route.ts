import { signIn } from '@/auth';
import { finishSso } from '@/lib/auth/sso/routes';

export const dynamic = 'force-dynamic';

/**
 * The provider's answer: checked and turned into a Portico account (lib/auth/sso/routes.ts), then
 * the same Auth.js session as a password sign-in, through the `sso` credentials provider.
 */
export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const finished = await finishSso(request, (await params).provider);
  if (finished instanceof Response) return finished;
  // Redirects by throwing, with the session cookie set.
  await signIn('sso', { ticket: finished.ticket, redirectTo: finished.returnTo });
  return new Response(null, { status: 204 });
}
