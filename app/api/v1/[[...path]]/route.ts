import { serveRest } from '@/lib/rest/table';

/**
 * The management API: one catch-all handing every method to the route table (lib/rest), so an
 * unknown path or method is answered as problem JSON by the same dispatcher, never by Next.js.
 */
export const dynamic = 'force-dynamic';

export const GET = serveRest;
export const HEAD = serveRest;
export const POST = serveRest;
export const PUT = serveRest;
export const PATCH = serveRest;
export const DELETE = serveRest;
export const OPTIONS = serveRest;
