/**
 * Next.js calls `onRequestError` with every error a page, route or action throws on the server.
 * An error saying the database is unreachable marks it down at once, so the start script's server
 * answers this very request (and the next ones) with the 503 page rather than Next's error page.
 */
export async function onRequestError(error: unknown) {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  const { reportDatabaseError } = await import('@/lib/server/database-status');
  reportDatabaseError(error);
}
